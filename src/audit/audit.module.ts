import { Module } from '@nestjs/common';
import { AuditAnchors } from './audit-anchors';
import { AuditService } from './audit.service';
import { ReadAudit } from './read-audit';

@Module({ providers: [AuditService, ReadAudit], exports: [AuditService, ReadAudit] })
export class AuditModule {}

/** Anchoring the chain's head in the bucket, in the worker. */
@Module({ providers: [AuditAnchors], exports: [AuditAnchors] })
export class AuditWorkerModule {}
