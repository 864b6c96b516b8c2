import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { RelatedReportsService } from './related-reports.service';

/** Several reports of one attack: suggesting, joining, taking out. */
@Module({
  imports: [AuditModule, IncidentsModule],
  controllers: [EventsController],
  providers: [EventsService, RelatedReportsService],
})
export class EventsModule {}
