import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AuditModule } from '../audit/audit.module';
import { AppConfig } from '../config/app-config';
import { IncidentsModule } from '../incidents/incidents.module';
import { ObjectStorage } from '../storage/object-storage.service';
import { FootageController } from './footage.controller';
import { FootageLinksController } from './footage-links.controller';
import { FootageService } from './footage.service';
import { S3StreamStorage } from './s3-stream.storage';

@Module({
  imports: [
    AuditModule,
    IncidentsModule,
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
          headerPairs: 50,
        },
      }),
    }),
  ],
  controllers: [FootageController, FootageLinksController],
  providers: [FootageService],
})
export class FootageModule {}
