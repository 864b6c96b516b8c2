import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AuditModule } from '../audit/audit.module';
import { AppConfig } from '../config/app-config';
import { IncidentsModule } from '../incidents/incidents.module';
import { FootageRequestsRepository } from '../footage-requests/footage-requests.repository';
import { RequestUploads } from '../footage-requests/request-uploads';
import { ObjectStorage } from '../storage/object-storage.service';
import { FootageController } from './footage.controller';
import { FootageLinksController } from './footage-links.controller';
import { CustodyService } from './custody.service';
import { DirectUploadsService } from './direct-uploads.service';
import { FootageIntegrity } from './footage-integrity.service';
import { FootageLifecycle } from './footage-lifecycle.service';
import { FootageMetrics } from './footage-metrics';
import { FootageProcessor } from './footage.processor';
import { FootageQueue } from './footage-queue';
import { FootageService } from './footage.service';
import { FootageLinksService } from './footage-links.service';
import { FootageRepository } from './footage.repository';
import { FootageUploadService } from './footage-upload.service';
import { LegalHoldService } from './legal-hold.service';
import { FootageUploadsController } from './footage-uploads.controller';
import { QueueModule } from '../jobs/queue.module';
import { S3StreamStorage } from './s3-stream.storage';

@Module({
  imports: [
    AuditModule,
    IncidentsModule,
    QueueModule,
    MulterModule.registerAsync({
      inject: [ObjectStorage, AppConfig],
      useFactory: (storage: ObjectStorage, config: AppConfig) => ({
        storage: new S3StreamStorage(storage, config.footage.maxBytes),
        // One file and a few short fields; anything else is refused before it is read.
        limits: {
          fileSize: config.footage.maxBytes,
          files: 1,
          fields: 10,
          parts: 11,
          fieldSize: 1024,
          fieldNameSize: 100,
          // The fields are flat; `a[b]` names are refused rather than built into objects.
          fieldNestingDepth: 0,
          headerPairs: 50,
        },
      }),
    }),
  ],
  // The uploads controller comes first so `uploads` is never taken for a footage id.
  controllers: [FootageUploadsController, FootageController, FootageLinksController],
  providers: [
    FootageRepository,
    FootageService,
    FootageUploadService,
    FootageLinksService,
    LegalHoldService,
    DirectUploadsService,
    CustodyService,
    FootageQueue,
    FootageRequestsRepository,
    RequestUploads,
  ],
})
export class FootageModule {}

/** Verification, periodic re-hashing, stale uploads and retention, in the worker. */
@Module({
  imports: [AuditModule, QueueModule],
  providers: [
    FootageLifecycle,
    FootageIntegrity,
    FootageMetrics,
    FootageProcessor,
    CustodyService,
    FootageQueue,
  ],
  exports: [FootageLifecycle, FootageIntegrity],
})
export class FootageWorkerModule {}
