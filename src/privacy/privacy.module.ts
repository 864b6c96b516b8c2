import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { AccessLogService } from './access-log.service';
import { MyDataService } from './my-data.service';
import { PrivacyController } from './privacy.controller';

/** What a person may see of how their data is used: a report's access log, one's own export. */
@Module({
  imports: [AuditModule, IncidentsModule],
  controllers: [PrivacyController],
  providers: [AccessLogService, MyDataService],
})
export class PrivacyModule {}
