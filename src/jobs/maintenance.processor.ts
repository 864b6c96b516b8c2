import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { SessionsService } from '../auth/sessions.service';
import { IdempotencyService } from '../incidents/idempotency.service';
import { MaintenanceJob, QueueName } from './queues';

const HOUR_MS = 3600_000;

/** Periodic housekeeping, scheduled once per deployment (the scheduler id makes it idempotent). */
@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    private readonly sessions: SessionsService,
    private readonly idempotency: IdempotencyService,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const name of Object.values(MaintenanceJob)) {
      await this.queue.upsertJobScheduler(name, { every: HOUR_MS }, { name, data: {} });
    }
  }

  async process(job: Job): Promise<unknown> {
    const name = job.name as MaintenanceJob;
    switch (name) {
      case MaintenanceJob.PurgeExpiredSessions: {
        const removed = await this.sessions.purgeExpired();
        this.logger.log({ msg: 'expired sessions purged', removed });
        return { removed };
      }
      case MaintenanceJob.PurgeExpiredIdempotencyKeys: {
        const removed = await this.idempotency.purgeExpired();
        this.logger.log({ msg: 'expired idempotency keys purged', removed });
        return { removed };
      }
      default: {
        const unknown: never = name;
        throw new Error(`No handler for maintenance job ${String(unknown)}`);
      }
    }
  }
}
