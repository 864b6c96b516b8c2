import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ReadAudit } from '../audit/read-audit';
import { Caller } from '../auth/roles';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { ObjectStorage } from '../storage/object-storage.service';
import { CustodyService } from './custody.service';
import { FootageQueue } from './footage-queue';
import { FootageRepository } from './footage.repository';
import { footageView, FootageView, gone } from './footage-view';
import type { CustodyView } from './footage.views';

/** Reading footage: its metadata, its content, its chain of custody; asking for a re-check. */
@Injectable()
export class FootageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: ObjectStorage,
    private readonly footage: FootageRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly custodyChain: CustodyService,
    private readonly queue: FootageQueue,
    private readonly clock: Clock,
    private readonly reads: ReadAudit,
  ) {}

  /** Footage metadata: audited, naming the reports the footage is linked to. */
  async get(caller: Caller, id: string): Promise<FootageView> {
    const footage = await this.footage.findVisible(caller.actor, id);
    await this.reads.record(caller, {
      kind: 'footage',
      entityType: 'footage',
      entityId: id,
      incidentIds: await this.footage.linkedIncidentIds(id),
    });
    return footageView(footage);
  }

  /** A short-lived URL to the object; every access is in the chain of custody. */
  async contentUrl(caller: Caller, id: string): Promise<string> {
    const footage = await this.dataSource.transaction(async (m) => {
      const found = await this.footage.findVisible(caller.actor, id, m);
      if (found.status === 'deleted') throw gone(found);
      await this.custodyChain.append(m, found.id, caller, 'content_accessed', {
        urlSeconds: this.config.footage.urlSeconds,
      });
      await this.reads.record(
        caller,
        {
          kind: 'footage_content',
          entityType: 'footage',
          entityId: found.id,
          incidentIds: await this.footage.linkedIncidentIds(found.id, m),
        },
        m,
      );
      return found;
    });
    return this.storage.presignedGet(
      footage.objectKey,
      this.config.footage.urlSeconds,
      footage.contentType,
    );
  }

  /**
   * The chain of custody and whether its hashes link up. The object itself is re-hashed by the
   * worker (periodically, or on request), whose results are entries of the chain.
   */
  async custody(caller: Caller, id: string): Promise<CustodyView> {
    const footage = await this.footage.findVisible(caller.actor, id);
    const { valid, brokenAt, events } = await this.custodyChain.chain(footage.id);
    return {
      footageId: footage.id,
      sha256: footage.sha256,
      status: footage.status,
      lastCheckedAt: footage.lastCheckedAt,
      valid,
      brokenAt,
      events,
    };
  }

  /**
   * Asks the worker to re-hash the object now. The request is kept on the footage until the check
   * is made, so a queue that cannot take the job loses nothing: the periodic run takes it.
   */
  async requestRecheck(caller: Caller, id: string): Promise<RecheckRequested> {
    const requestedAt = this.clock.now();
    await this.dataSource.transaction(async (m) => {
      const footage = await this.footage.findVisible(caller.actor, id, m);
      if (footage.status === 'deleted') throw gone(footage);
      if (!footage.sha256 || !RECHECKABLE.includes(footage.status))
        throw AppError.conflict(
          footage.status === 'stored'
            ? 'The footage is still being verified; its first check is under way'
            : 'The footage holds no object with a SHA-256 to check against',
        );
      await m.query(
        `UPDATE footage SET recheck_requested_at = COALESCE(recheck_requested_at, $2) WHERE id = $1`,
        [id, requestedAt],
      );
      await this.audit.record(m, caller, {
        action: 'footage.recheck_requested',
        entityType: 'footage',
        entityId: id,
      });
    });
    await this.queue.recheckLater(id);
    return { footageId: id, requestedAt };
  }
}

export interface RecheckRequested {
  footageId: string;
  requestedAt: Date;
}

/** Footage with an object in the bucket and a SHA-256 on record. */
const RECHECKABLE = ['verified', 'rejected', 'integrity_failed'];
