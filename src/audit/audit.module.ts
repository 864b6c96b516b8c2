import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { ReadAudit } from './read-audit';

@Module({ providers: [AuditService, ReadAudit], exports: [AuditService, ReadAudit] })
export class AuditModule {}
