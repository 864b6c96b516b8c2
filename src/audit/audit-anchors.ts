import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { ObjectStorage } from '../storage/object-storage.service';
import { WriteOnceObjects } from '../storage/write-once-objects';
import {
  AuditAnchor,
  ANCHOR_PREFIX,
  anchorKey,
  AnchorProblem,
  checkAnchors,
  parseAnchor,
} from './audit-anchor-rules';

const DAY_MS = 24 * 3600_000;
/** Taken while anchoring, so two workers never anchor at once (the chain itself uses 158001). */
const ANCHOR_LOCK = 158002;

/**
 * The audit chain's head — its position, hash and the time — written to the bucket under
 * `audit-anchors/`, outside the database: someone able to delete the newest entries (and so the
 * evidence of what they did) cannot also remove the anchors, which are under S3 Object Lock where
 * the bucket has it. `audit:verify` checks that every anchored entry is still in the chain.
 */
@Injectable()
export class AuditAnchors {
  private readonly logger = new Logger(AuditAnchors.name);
  private readonly objects: WriteOnceObjects;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    storage: ObjectStorage,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.objects = new WriteOnceObjects(storage);
  }

  /** Anchors the head unless it is anchored already (or another worker is at it); null then. */
  anchor(): Promise<AuditAnchor | null> {
    return this.dataSource.transaction(async (m) => {
      const [{ locked }] = (await m.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [
        ANCHOR_LOCK,
      ])) as Array<{ locked: boolean }>;
      if (!locked) return null;
      const [head] = (await m.query(
        'SELECT seq::text AS seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
      )) as Array<{ seq: string; hash: string }>;
      if (!head) return null;
      const key = anchorKey(head.seq);
      if (await this.objects.exists(key)) return null;
      const now = this.clock.now();
      const anchor: AuditAnchor = { seq: head.seq, hash: head.hash, at: now.toISOString() };
      const lock = (await this.objects.objectLockEnabled())
        ? {
            mode: 'COMPLIANCE' as const,
            retainUntil: new Date(now.getTime() + this.config.auditAnchors.retentionDays * DAY_MS),
          }
        : null;
      const written = await this.objects.put(key, JSON.stringify(anchor), 'application/json', lock);
      if (written === 'exists') return null;
      this.logger.log({ msg: 'audit chain anchored', seq: head.seq, locked: lock !== null });
      return anchor;
    });
  }

  /** Every anchor in the bucket, oldest first, and those whose entry the chain no longer holds. */
  async verify(): Promise<{ anchors: AuditAnchor[]; problems: AnchorProblem[] }> {
    const anchors: AuditAnchor[] = [];
    const problems: AnchorProblem[] = [];
    for await (const key of this.objects.keys(ANCHOR_PREFIX)) {
      const parsed = parseAnchor(key, await this.objects.text(key));
      if ('problem' in parsed) problems.push(parsed.problem);
      else anchors.push(parsed.anchor);
    }
    const chain = new Map<string, string>();
    for (let i = 0; i < anchors.length; i += 1000) {
      const rows = (await this.dataSource.query(
        'SELECT seq::text AS seq, hash FROM audit_log WHERE seq = ANY($1::bigint[])',
        [anchors.slice(i, i + 1000).map((a) => a.seq)],
      )) as Array<{ seq: string; hash: string }>;
      for (const r of rows) chain.set(r.seq, r.hash);
    }
    problems.push(...checkAnchors(anchors, chain));
    return { anchors, problems };
  }
}
