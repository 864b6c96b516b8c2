import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/roles';
import { CustodyService } from './custody.service';
import { LegalHoldDto } from './footage.dto';
import { Footage } from './footage.entity';
import { FootageRepository } from './footage.repository';
import { footageView, FootageView, gone } from './footage-view';

/** Legal holds: footage under one is never deleted under the retention policy. */
@Injectable()
export class LegalHoldService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly footage: FootageRepository,
    private readonly audit: AuditService,
    private readonly custodyChain: CustodyService,
  ) {}

  /**
   * Puts footage under legal hold or releases it. Held footage is never deleted by the retention
   * job; released footage starts a full retention period again if no incident holds it.
   */
  async setLegalHold(caller: Caller, id: string, dto: LegalHoldDto): Promise<FootageView> {
    return this.dataSource.transaction(async (m) => {
      const footage = await this.footage.findVisible(caller.actor, id, m);
      if (footage.status === 'deleted') throw gone(footage);
      if (footage.legalHold !== dto.legalHold) {
        footage.legalHold = dto.legalHold;
        if (!dto.legalHold) footage.retentionFrom = new Date();
        await m.update(
          Footage,
          { id },
          { legalHold: footage.legalHold, retentionFrom: footage.retentionFrom },
        );
        await this.custodyChain.append(m, id, caller, 'retention_changed', {
          legalHold: dto.legalHold,
          reason: dto.reason,
        });
        await this.audit.record(m, caller, {
          action: dto.legalHold ? 'footage.legal_hold_set' : 'footage.legal_hold_released',
          entityType: 'footage',
          entityId: id,
        });
      }
      return footageView(footage);
    });
  }
}
