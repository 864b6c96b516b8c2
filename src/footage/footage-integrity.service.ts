import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_CALLER } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { ObjectStorage } from '../storage/object-storage.service';
import { isS3Error } from '../storage/s3-client';
import { CustodyService } from './custody.service';
import { Footage, FootageStatus } from './footage.entity';
import { FootageMetrics } from './footage-metrics';
import { FootageQueue } from './footage-queue';
import { recheckBatchSize } from './recheck-schedule';

const DAY_MS = 24 * 3600_000;
/** How often the periodic re-check runs; each run takes its share of the store. */
export const RECHECK_EVERY_MS = 3600_000;
/** The most objects one run queues, so a backlog is worked off over several runs. */
const RECHECK_MAX_PER_RUN = 1000;

/** Footage whose object should still match the SHA-256 on record. */
const PERIODIC: FootageStatus[] = ['verified', 'rejected'];
/** On request, footage that already failed is hashed again too; what it holds may have been restored. */
const ON_REQUEST: FootageStatus[] = [...PERIODIC, 'integrity_failed'];

export type RecheckOutcome = 'rechecked' | 'integrity_failed' | 'skipped';

/**
 * Re-hashes stored objects in the worker and compares them with the SHA-256 on record: at least
 * every FOOTAGE_RECHECK_DAYS for every object, spread over the period, and on request. An object
 * changed or gone makes the footage `integrity_failed` for good (a later match is recorded, the
 * status stays), in the chain of custody, the audit log and `footage_integrity_failures_total`.
 */
@Injectable()
export class FootageIntegrity {
  private readonly logger = new Logger(FootageIntegrity.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: ObjectStorage,
    private readonly custody: CustodyService,
    private readonly audit: AuditService,
    private readonly queue: FootageQueue,
    private readonly metrics: FootageMetrics,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * One periodic run: queues the checks people asked for and that are not made yet, then this
   * run's share of the store, oldest-checked first, including everything overdue (up to a bound).
   */
  async queueDueRechecks(): Promise<{ queued: number }> {
    const periodMs = this.config.footage.recheckDays * DAY_MS;
    const overdueBefore = new Date(this.clock.ms() - periodMs);
    const requested = (await this.dataSource.query(
      `SELECT id FROM footage WHERE recheck_requested_at IS NOT NULL
        ORDER BY recheck_requested_at LIMIT $1`,
      [RECHECK_MAX_PER_RUN],
    )) as Array<{ id: string }>;
    const [{ total, overdue }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE last_checked_at IS NULL OR last_checked_at < $2)::int AS overdue
         FROM footage WHERE status = ANY($1) AND sha256 IS NOT NULL`,
      [PERIODIC, overdueBefore],
    )) as Array<{ total: number; overdue: number }>;
    const size = recheckBatchSize({
      total,
      overdue,
      periodMs,
      everyMs: RECHECK_EVERY_MS,
      max: RECHECK_MAX_PER_RUN,
    });
    const due = (await this.dataSource.query(
      `SELECT id FROM footage WHERE status = ANY($1) AND sha256 IS NOT NULL
        ORDER BY last_checked_at NULLS FIRST, id LIMIT $2`,
      [PERIODIC, size],
    )) as Array<{ id: string }>;
    const ids = [...new Set([...requested, ...due].map((r) => r.id))];
    for (const id of ids) await this.queue.recheckLater(id);
    if (ids.length) this.logger.log({ msg: 'footage re-checks queued', queued: ids.length });
    return { queued: ids.length };
  }

  /** Streams the object back, hashes it and records the outcome; a store that cannot answer is retried. */
  async recheck(footageId: string): Promise<RecheckOutcome> {
    const footage = await this.dataSource
      .getRepository(Footage)
      .createQueryBuilder('f')
      .addSelect('f.objectKey')
      .where('f.id = :id', { id: footageId })
      .getOne();
    if (!footage) return 'skipped';
    const checkable = ON_REQUEST.includes(footage.status) && footage.sha256 !== null;
    const found = checkable ? await this.rehash(footage.objectKey) : null;
    const outcome = await this.dataSource.transaction(async (m) => {
      const current = await m
        .getRepository(Footage)
        .findOne({ where: { id: footageId }, lock: { mode: 'pessimistic_write' } });
      // Deleted under retention, or not yet verified, while the object was being read.
      if (!current || !checkable || current.status !== footage.status) {
        if (current?.recheckRequestedAt)
          await m.update(Footage, { id: footageId }, { recheckRequestedAt: null });
        return 'skipped';
      }
      const at = this.clock.now();
      await m.update(Footage, { id: footageId }, { lastCheckedAt: at, recheckRequestedAt: null });
      if (found?.sha256 === current.sha256) {
        await this.custody.append(m, footageId, SYSTEM_CALLER, 'rechecked', {
          intact: true,
          sha256: found.sha256,
          size: found.size,
        });
        return 'rechecked';
      }
      await this.custody.append(m, footageId, SYSTEM_CALLER, 'integrity_failed', {
        reason: found
          ? 'its SHA-256 differs from the one recorded for it'
          : 'the object is missing from the bucket',
        expectedSha256: current.sha256,
        sha256: found?.sha256 ?? null,
        size: found?.size ?? null,
      });
      if (current.status === 'integrity_failed') return 'integrity_failed';
      await m.update(Footage, { id: footageId }, { status: 'integrity_failed' });
      await this.audit.record(m, SYSTEM_CALLER, {
        action: 'footage.integrity_failed',
        entityType: 'footage',
        entityId: footageId,
        details: { missing: !found },
      });
      return 'failed_now' as const;
    });
    if (outcome !== 'failed_now') return outcome;
    this.metrics.integrityFailed();
    this.logger.warn({ msg: 'footage failed its integrity check', footageId, missing: !found });
    return 'integrity_failed';
  }

  /** The object's SHA-256 and size, or null when the bucket no longer holds it. */
  private async rehash(key: string): Promise<{ sha256: string; size: number } | null> {
    if (!(await this.storage.head(key))) return null;
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const chunk of await this.storage.read(key)) {
        hash.update(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
    } catch (error) {
      if (isS3Error(error, 'NoSuchKey', 'NotFound')) return null;
      throw error;
    }
    return { sha256: hash.digest('hex'), size };
  }
}
