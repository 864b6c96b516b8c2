import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { SosController } from './sos.controller';
import { SosService } from './sos.service';

@Module({
  imports: [AuditModule, IncidentsModule],
  controllers: [SosController],
  providers: [SosService],
})
export class SosModule {}
