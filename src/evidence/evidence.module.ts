import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CustodyService } from '../footage/custody.service';
import { IncidentsModule } from '../incidents/incidents.module';
import { QueueModule } from '../jobs/queue.module';
import {
  EvidencePackagesController,
  IncidentPackagesController,
} from './evidence-packages.controller';
import { EvidencePackagesRepository } from './evidence-packages.repository';
import { EvidencePackagesService } from './evidence-packages.service';
import { EvidenceProcessor } from './evidence.processor';
import { EvidenceQueue } from './evidence-queue';
import { EvidenceSweep } from './evidence-sweep';
import { EvidenceSigner } from './evidence-signer';
import { PackageBuilder } from './package-builder.service';
import { PackageContents } from './package-contents';
import { ShareLinkController } from './share-link.controller';
import { ShareLinkLimiter } from './share-link-limiter';
import { ShareLinksService } from './share-links.service';

/** Evidence packages and their share links, in the API. */
@Module({
  imports: [AuditModule, IncidentsModule, QueueModule],
  controllers: [IncidentPackagesController, EvidencePackagesController, ShareLinkController],
  providers: [
    EvidencePackagesRepository,
    EvidencePackagesService,
    ShareLinksService,
    ShareLinkLimiter,
    EvidenceSigner,
    EvidenceQueue,
    CustodyService,
  ],
})
export class EvidenceModule {}

/** Building packages, in the worker. */
@Module({
  imports: [AuditModule, QueueModule],
  providers: [
    EvidenceProcessor,
    EvidenceSweep,
    EvidenceQueue,
    PackageBuilder,
    PackageContents,
    EvidenceSigner,
    CustodyService,
  ],
})
export class EvidenceWorkerModule {}
