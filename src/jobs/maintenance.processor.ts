import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { AuditAnchors } from '../audit/audit-anchors';
import { SessionsService } from '../auth/sessions.service';
import { AppConfig } from '../config/app-config';
import { FootageIntegrity, RECHECK_EVERY_MS } from '../footage/footage-integrity.service';
import { FootageLifecycle } from '../footage/footage-lifecycle.service';
import { IdempotencyService } from '../incidents/idempotency.service';
import { PersonalDataErasure } from '../incidents/personal-data-erasure.service';
import { StatisticsRollups } from '../statistics/rollups.service';
import { OnJob, runJob } from './job-handlers';
import { MaintenanceJob, QueueName } from './queues';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** How often each job runs; a function of the settings where they say. */
const EVERY: Record<MaintenanceJob, number | ((config: AppConfig) => number)> = {
  [MaintenanceJob.PurgeExpiredSessions]: HOUR_MS,
  [MaintenanceJob.PurgeExpiredIdempotencyKeys]: HOUR_MS,
  [MaintenanceJob.VerifyPendingFootage]: 5 * MINUTE_MS,
  [MaintenanceJob.AbortStaleUploads]: HOUR_MS,
  [MaintenanceJob.ApplyFootageRetention]: HOUR_MS,
  // Readers add pending deltas themselves; folding only keeps the delta tables small.
  [MaintenanceJob.FoldStatistics]: 10_000,
  [MaintenanceJob.RecheckFootage]: RECHECK_EVERY_MS,
  [MaintenanceJob.ErasePersonalData]: (c) => c.retention.sweepMinutes * MINUTE_MS,
  [MaintenanceJob.AnchorAuditChain]: (c) => c.auditAnchors.intervalMinutes * MINUTE_MS,
};

/** How often a worker checks that every schedule is still in Redis. */
const SCHEDULES_CHECK_MS = MINUTE_MS;

/**
 * Periodic housekeeping, scheduled once per deployment (the scheduler id makes it idempotent).
 * The schedules live in Redis, so a worker puts back any that went missing (Redis flushed or
 * restored from an older copy) every minute.
 */
@Processor(QueueName.Maintenance)
export class MaintenanceProcessor
  extends WorkerHost
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(MaintenanceProcessor.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    private readonly sessions: SessionsService,
    private readonly idempotency: IdempotencyService,
    private readonly footage: FootageLifecycle,
    private readonly rollups: StatisticsRollups,
    private readonly integrity: FootageIntegrity,
    private readonly erasure: PersonalDataErasure,
    private readonly anchors: AuditAnchors,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.schedule(false);
    this.timer = setInterval(
      () =>
        void this.schedule(true).catch((error: unknown) =>
          this.logger.warn({ msg: 'schedule check failed', error: (error as Error).message }),
        ),
      SCHEDULES_CHECK_MS,
    );
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async schedule(onlyMissing: boolean): Promise<void> {
    for (const name of Object.values(MaintenanceJob)) {
      if (onlyMissing && (await this.queue.getJobScheduler(name))) continue;
      if (onlyMissing)
        this.logger.warn({ msg: 'maintenance schedule was missing; restored', name });
      // Completed runs are not kept beyond the last few, or frequent jobs would fill Redis.
      const every = EVERY[name];
      await this.queue.upsertJobScheduler(
        name,
        { every: typeof every === 'function' ? every(this.config) : every },
        { name, data: {}, opts: { removeOnComplete: 50, removeOnFail: 200 } },
      );
    }
  }

  process(job: Job, token?: string): Promise<unknown> {
    return runJob(this, job, token);
  }

  @OnJob(MaintenanceJob.PurgeExpiredSessions)
  async purgeExpiredSessions() {
    const removed = await this.sessions.purgeExpired();
    this.logger.log({ msg: 'expired sessions purged', removed });
    return { removed };
  }

  @OnJob(MaintenanceJob.PurgeExpiredIdempotencyKeys)
  async purgeExpiredIdempotencyKeys() {
    const removed = await this.idempotency.purgeExpired();
    this.logger.log({ msg: 'expired idempotency keys purged', removed });
    return { removed };
  }

  @OnJob(MaintenanceJob.VerifyPendingFootage)
  async verifyPendingFootage() {
    return { queued: await this.footage.queueUnverified() };
  }

  @OnJob(MaintenanceJob.AbortStaleUploads)
  abortStaleUploads() {
    return this.footage.abortStaleUploads();
  }

  @OnJob(MaintenanceJob.FoldStatistics)
  async foldStatistics() {
    return { folded: await this.rollups.fold() };
  }

  @OnJob(MaintenanceJob.ApplyFootageRetention)
  async applyFootageRetention() {
    return { deleted: await this.footage.applyRetention() };
  }

  @OnJob(MaintenanceJob.RecheckFootage)
  recheckFootage() {
    return this.integrity.queueDueRechecks();
  }

  @OnJob(MaintenanceJob.ErasePersonalData)
  async erasePersonalData() {
    return { erased: await this.erasure.sweep() };
  }

  @OnJob(MaintenanceJob.AnchorAuditChain)
  async anchorAuditChain() {
    return { anchored: (await this.anchors.anchor())?.seq ?? null };
  }
}
