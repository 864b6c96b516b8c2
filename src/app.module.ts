import { DynamicModule, Module } from '@nestjs/common';
import { AlertsModule } from './alerts/alerts.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { FieldCipherModule } from './privacy/field-cipher.module';
import { ClassificationModule } from './classification/classification.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DirectoryModule } from './directory/directory.module';
import { EventsModule } from './events/events.module';
import { FootageModule } from './footage/footage.module';
import { FootageRequestsModule } from './footage-requests/footage-requests.module';
import { EvidenceModule } from './evidence/evidence.module';
import { HealthModule } from './health/health.module';
import { IncidentsModule } from './incidents/incidents.module';
import { QueueModule } from './jobs/queue.module';
import { MetricsModule } from './metrics/metrics.module';
import { PrivacyModule } from './privacy/privacy.module';
import { PushModule } from './push/push.module';
import { RedisModule } from './redis/redis.module';
import { RosterModule } from './roster/roster.module';
import { SosModule } from './sos/sos.module';
import { StatisticsModule } from './statistics/statistics.module';
import { StorageModule } from './storage/storage.module';
import { UsersModule } from './users/users.module';
import { WebModule } from './web/web.module';

/** Engines every process uses: database, Redis, object storage, metrics. */
export function coreModules(config: AppConfig) {
  return [
    ConfigModule.forRoot(config),
    CommonModule,
    FieldCipherModule,
    DatabaseModule,
    RedisModule,
    StorageModule,
    MetricsModule,
  ];
}

/** The HTTP API. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...coreModules(config),
        AuditModule,
        AuthModule,
        DirectoryModule,
        UsersModule,
        RosterModule,
        ClassificationModule,
        IncidentsModule,
        EventsModule,
        PrivacyModule,
        SosModule,
        AlertsModule,
        PushModule,
        FootageModule,
        FootageRequestsModule,
        EvidenceModule,
        StatisticsModule,
        WebModule,
        QueueModule,
        HealthModule,
      ],
    };
  }
}
