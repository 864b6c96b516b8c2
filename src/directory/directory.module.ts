import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookTargets } from '../alerts/webhook-targets';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { DevicesController } from './devices.controller';
import { DevicesService } from './devices.service';
import { FacilitiesController } from './facilities.controller';
import { FacilitiesService } from './facilities.service';
import { Facility } from './facility.entity';
import { PolicePostsController } from './police-posts.controller';
import { PolicePostsService } from './police-posts.service';
import { PostWebhookSecrets } from './post-webhook-secrets.service';
import { Region } from './region.entity';
import { RegionsController } from './regions.controller';
import { UnitsController } from './units.controller';
import { UnitsService } from './units.service';

const directoryServices = [FacilitiesService, PolicePostsService, UnitsService, DevicesService];

@Module({
  imports: [TypeOrmModule.forFeature([Region, Facility]), AuditModule, AuthModule],
  controllers: [
    RegionsController,
    FacilitiesController,
    PolicePostsController,
    UnitsController,
    DevicesController,
  ],
  providers: [...directoryServices, PostWebhookSecrets, WebhookTargets],
  exports: directoryServices,
})
export class DirectoryModule {}
