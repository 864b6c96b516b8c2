import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_CALLER } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { ObjectStorage } from '../storage/object-storage.service';
import { CustodyService } from './custody.service';
import { Footage } from './footage.entity';
import { FootageQueue } from './footage-queue';
import { detectMedia, MediaType } from './media-type';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
/** Stored footage not verified after this long is queued again by the sweep. */
const UNVERIFIED_GRACE_MS = 2 * 60_000;
const BATCH = 200;

type Verdict =
  | { ok: true; sha256: string; size: number; type: MediaType; metadata: Record<string, string> }
  | { ok: false; reason: string; sha256: string | null; size: number | null };

/**
 * What happens to footage after it reaches the bucket, in the worker: verification of its bytes,
 * the end of direct uploads that were never completed, and deletion under the retention policy.
 * Every change is in the footage's chain of custody and the audit log, by the system.
 */
@Injectable()
export class FootageLifecycle {
  private readonly logger = new Logger(FootageLifecycle.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: ObjectStorage,
    private readonly custody: CustodyService,
    private readonly audit: AuditService,
    private readonly queue: FootageQueue,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Streams the object back, hashes it, counts its bytes and reads its type from its first bytes;
   * verified when all match what was declared (or computed on the way in), rejected otherwise.
   * A verified object also carries its SHA-256 as object metadata.
   */
  async verify(footageId: string): Promise<'verified' | 'rejected' | 'skipped'> {
    const footage = await this.withKey().where('f.id = :id', { id: footageId }).getOne();
    if (!footage || footage.status !== 'stored') return 'skipped';
    const verdict = await this.examine(footage);
    if (verdict.ok && verdict.metadata.sha256 !== verdict.sha256) {
      await this.storage.replaceMetadata(footage.objectKey, verdict.size, verdict.type.mime, {
        ...verdict.metadata,
        sha256: verdict.sha256,
      });
    }
    return this.dataSource.transaction(async (m) => {
      const current = await m
        .getRepository(Footage)
        .findOne({ where: { id: footageId }, lock: { mode: 'pessimistic_write' } });
      if (current?.status !== 'stored') return 'skipped';
      if (verdict.ok) {
        await m.update(
          Footage,
          { id: footageId },
          {
            status: 'verified',
            sha256: verdict.sha256,
            contentType: verdict.type.mime,
            verifiedAt: this.clock.now(),
            lastCheckedAt: this.clock.now(),
          },
        );
        await this.custody.append(m, footageId, SYSTEM_CALLER, 'verified', {
          sha256: verdict.sha256,
          size: verdict.size,
          contentType: verdict.type.mime,
        });
      } else {
        await m.update(
          Footage,
          { id: footageId },
          {
            status: 'rejected',
            rejectionReason: verdict.reason,
            lastCheckedAt: this.clock.now(),
            ...(verdict.sha256 ? { sha256: verdict.sha256 } : {}),
          },
        );
        await this.custody.append(m, footageId, SYSTEM_CALLER, 'rejected', {
          reason: verdict.reason,
          sha256: verdict.sha256,
          declaredSha256: current.declaredSha256,
          size: verdict.size,
        });
      }
      const outcome = verdict.ok ? 'verified' : 'rejected';
      await this.audit.record(m, SYSTEM_CALLER, {
        action: `footage.${outcome}`,
        entityType: 'footage',
        entityId: footageId,
      });
      this.logger.log({ msg: `footage ${outcome}`, footageId });
      return outcome;
    });
  }

  private async examine(footage: Footage): Promise<Verdict> {
    const rejected = (reason: string, sha256: string | null = null, size: number | null = null) =>
      ({ ok: false, reason, sha256, size }) as const;
    const stored = await this.storage.head(footage.objectKey);
    if (!stored) return rejected('the object is missing from the bucket');
    const hash = createHash('sha256');
    let size = 0;
    const detected = await detectMedia(await this.storage.read(footage.objectKey));
    await pipeline(
      detected.bytes(),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          size += chunk.length;
          done();
        },
      }),
    );
    const sha256 = hash.digest('hex');
    const expectedSize = Number(footage.size);
    if (size !== expectedSize)
      return rejected(`holds ${size} bytes, ${expectedSize} were declared`, sha256, size);
    const expected = footage.declaredSha256 ?? footage.sha256;
    if (expected && expected !== sha256)
      return rejected('its SHA-256 differs from the one declared for it', sha256, size);
    const { sniffed } = detected;
    if (!sniffed.ok) return rejected(`the file ${sniffed.reason}`, sha256, size);
    return { ok: true, sha256, size, type: sniffed.type, metadata: stored.metadata };
  }

  /** Queues stored footage that no job is verifying, e.g. because Redis was away when it arrived. */
  async queueUnverified(): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM footage WHERE status = 'stored' AND updated_at < now() - $1 * interval '1 millisecond'
        ORDER BY created_at LIMIT 1000`,
      [UNVERIFIED_GRACE_MS],
    )) as Array<{ id: string }>;
    for (const { id } of rows) await this.queue.verifyLater(id);
    return rows.length;
  }

  /**
   * Aborts direct uploads not completed within the expiry and removes their records; then any
   * incomplete upload in the bucket older than that which no record waits for (an upload through
   * the API cut short by a crash).
   */
  async abortStaleUploads(now = new Date()): Promise<{ expired: number; orphaned: number }> {
    const cutoff = new Date(now.getTime() - this.config.footage.uploadExpiryHours * HOUR_MS);
    const stale = await this.withKey()
      .addSelect('f.uploadId')
      .where("f.status = 'uploading' AND f.created_at < :cutoff", { cutoff })
      .getMany();
    for (const footage of stale) {
      await this.storage.abortMultipart(footage.objectKey, footage.uploadId as string);
      await this.dataSource.transaction(async (m) => {
        const removed = (await m.query(
          `DELETE FROM footage WHERE id = $1 AND status = 'uploading' RETURNING id`,
          [footage.id],
        )) as unknown[];
        if (removed.length > 0)
          await this.audit.record(m, SYSTEM_CALLER, {
            action: 'footage.upload_expired',
            entityType: 'footage',
            entityId: footage.id,
          });
      });
    }
    const waiting = new Set(
      (
        (await this.dataSource.query(
          `SELECT upload_id FROM footage WHERE status = 'uploading' AND upload_id IS NOT NULL`,
        )) as Array<{ upload_id: string }>
      ).map((r) => r.upload_id),
    );
    let orphaned = 0;
    for await (const upload of this.storage.pendingUploads('footage/')) {
      if (upload.initiated >= cutoff || waiting.has(upload.uploadId)) continue;
      await this.storage.abortMultipart(upload.key, upload.uploadId);
      orphaned++;
    }
    if (stale.length || orphaned)
      this.logger.log({ msg: 'stale uploads aborted', expired: stale.length, orphaned });
    return { expired: stale.length, orphaned };
  }

  /**
   * Deletes footage no incident holds, not under legal hold, whose retention period has run out.
   * The record stays, marked deleted, so its chain of custody can still be read. Footage that
   * failed an integrity check is never deleted: what the bucket holds is itself evidence.
   */
  async applyRetention(now = this.clock.now()): Promise<number> {
    const days = this.config.footage.retentionDays;
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    let deleted = 0;
    for (;;) {
      const due = (await this.dataSource.query(
        `SELECT f.id FROM footage f
          WHERE f.status IN ('stored', 'verified', 'rejected') AND NOT f.legal_hold
            AND f.retention_from < $1
            AND NOT EXISTS (SELECT 1 FROM incident_footage l WHERE l.footage_id = f.id)
          ORDER BY f.retention_from LIMIT $2`,
        [cutoff, BATCH],
      )) as Array<{ id: string }>;
      let round = 0;
      for (const { id } of due) if (await this.deleteIfDue(id, cutoff, days, now)) round++;
      deleted += round;
      if (due.length < BATCH || round === 0) break;
    }
    if (deleted) this.logger.log({ msg: 'footage deleted under retention', deleted });
    return deleted;
  }

  /** Re-checks under the row lock (a link or a hold may have arrived), then deletes the object. */
  private deleteIfDue(id: string, cutoff: Date, days: number, at: Date): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const footage = await this.withKey(m)
        .where('f.id = :id', { id })
        .setLock('pessimistic_write')
        .getOne();
      const linked = await m.query(`SELECT 1 FROM incident_footage WHERE footage_id = $1 LIMIT 1`, [
        id,
      ]);
      if (
        !footage ||
        !['stored', 'verified', 'rejected'].includes(footage.status) ||
        footage.legalHold ||
        footage.retentionFrom >= cutoff ||
        (linked as unknown[]).length > 0
      )
        return false;
      await m.update(Footage, { id }, { status: 'deleted', deletedAt: at });
      await this.custody.append(m, id, SYSTEM_CALLER, 'deleted', {
        reason: 'retention',
        retentionDays: days,
        sha256: footage.sha256,
      });
      await this.audit.record(m, SYSTEM_CALLER, {
        action: 'footage.deleted',
        entityType: 'footage',
        entityId: id,
        details: { reason: 'retention', retentionDays: days },
      });
      // Last, so a failure here rolls the record back and the next run tries again.
      await this.storage.deleteObject(footage.objectKey);
      return true;
    });
  }

  private withKey(m = this.dataSource.manager) {
    return m.getRepository(Footage).createQueryBuilder('f').addSelect('f.objectKey');
  }
}
