import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { JobPayloads, PushJob, QueueName } from '../jobs/queues';

/** Case updates for reporters' devices, queued by the API once a change has committed. */
@Injectable()
export class PushJobs {
  private readonly logger = new Logger(PushJobs.name);

  constructor(
    @InjectQueue(QueueName.AlertPush) private readonly queue: Queue,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Queued after the status change committed: the change never waits for Redis or fails because
   * of it. If Redis is unreachable at that moment this update is not pushed (the report page
   * still shows the status); the job reads the status when it runs, so a later update carries
   * the then-current one.
   */
  async incidentUpdated(incidentId: string): Promise<void> {
    if (!this.config.push.vapid) return;
    const data: JobPayloads[PushJob.IncidentUpdate] = { incidentId };
    await this.queue
      .add(PushJob.IncidentUpdate, data, {
        jobId: `push-update-${incidentId}-${this.clock.ms()}`,
        attempts: this.config.alerts.deliveryAttempts,
        backoff: { type: 'push' },
        removeOnComplete: { age: 24 * 3600 },
        removeOnFail: { age: 7 * 24 * 3600 },
      })
      .catch((error: Error) =>
        this.logger.warn({
          msg: 'incident update push not queued',
          incidentId,
          error: error.message,
        }),
      );
  }
}
