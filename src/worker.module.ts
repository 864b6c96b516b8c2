import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AlertsWorkerModule } from './alerts/alerts.module';
import { coreModules } from './app.module';
import { AuditWorkerModule } from './audit/audit.module';
import { SessionsModule } from './auth/auth.module';
import { AppConfig } from './config/app-config';
import { FootageWorkerModule } from './footage/footage.module';
import { EvidenceWorkerModule } from './evidence/evidence.module';
import { StatisticsWorkerModule } from './statistics/statistics.module';
import { IdempotencyService } from './incidents/idempotency.service';
import { IncidentsWorkerModule } from './incidents/incidents.module';
import { JobHandlerCheck } from './jobs/job-handlers';
import { MaintenanceProcessor } from './jobs/maintenance.processor';
import { QueueModule } from './jobs/queue.module';
import { SmsWorkerModule } from './sms/sms.module';
import { PushWorkerModule } from './push/push.module';

/** The background worker: queue consumers and schedules, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ...coreModules(config),
        QueueModule,
        SessionsModule,
        AlertsWorkerModule,
        FootageWorkerModule,
        EvidenceWorkerModule,
        StatisticsWorkerModule,
        SmsWorkerModule,
        PushWorkerModule,
        IncidentsWorkerModule,
        AuditWorkerModule,
        DiscoveryModule,
      ],
      providers: [MaintenanceProcessor, IdempotencyService, JobHandlerCheck],
    };
  }
}
