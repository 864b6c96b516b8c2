import { Module } from '@nestjs/common';
import { AuditAnchors } from './audit-anchors';
import { AuditService } from './audit.service';

@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}

/** Anchoring the chain's head in the bucket, in the worker. */
@Module({ providers: [AuditAnchors], exports: [AuditAnchors] })
export class AuditWorkerModule {}
