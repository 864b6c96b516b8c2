import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { FootageJob, JobPayloads, QueueName } from '../jobs/queues';

/** How long a request waits for Redis to take a job before leaving it to the periodic sweep. */
const ENQUEUE_WAIT_MS = 2000;

/**
 * Queues footage for verification and for re-hashing; one job of each kind per footage at a time
 * (the job id says which), so a repeated request or sweep adds nothing while one waits.
 */
@Injectable()
export class FootageQueue {
  private readonly logger = new Logger(FootageQueue.name);

  constructor(@InjectQueue(QueueName.Footage) private readonly queue: Queue) {}

  /**
   * Never fails the request that stored the footage: if Redis cannot take the job now, the
   * maintenance sweep finds the footage still unverified and queues it again.
   */
  verifyLater(footageId: string): Promise<void> {
    return this.add(FootageJob.Verify, `verify-${footageId}`, { footageId });
  }

  /**
   * Never fails the request either: the periodic re-check takes footage whose requested check
   * has not been made first.
   */
  recheckLater(footageId: string): Promise<void> {
    return this.add(FootageJob.Recheck, `recheck-${footageId}`, { footageId });
  }

  private async add(
    name: FootageJob,
    jobId: string,
    payload: JobPayloads[FootageJob.Verify | FootageJob.Recheck],
  ): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.queue.add(name, payload, {
          jobId,
          attempts: 6,
          backoff: { type: 'exponential', delay: 5000 },
          removeOnComplete: true,
          // Failed jobs stay an hour for inspection; then the sweep may queue the footage again.
          removeOnFail: { age: 3600 },
        }),
        new Promise((_, fail) => {
          timer = setTimeout(() => fail(new Error('queue did not answer')), ENQUEUE_WAIT_MS);
        }),
      ]);
    } catch (error) {
      this.logger.warn({
        msg: 'footage job not queued; the sweep will retry',
        job: name,
        footageId: payload.footageId,
        error: (error as Error).message,
      });
    } finally {
      clearTimeout(timer);
    }
  }
}
