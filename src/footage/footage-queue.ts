import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { FootageJob, JobPayloads, QueueName } from '../jobs/queues';

/** How long a request waits for Redis to take a job before leaving it to the periodic sweep. */
const ENQUEUE_WAIT_MS = 2000;

/** Queues footage for verification; one job per footage at a time (the job id says which). */
@Injectable()
export class FootageQueue {
  private readonly logger = new Logger(FootageQueue.name);

  constructor(@InjectQueue(QueueName.Footage) private readonly queue: Queue) {}

  /**
   * Never fails the request that stored the footage: if Redis cannot take the job now, the
   * maintenance sweep finds the footage still unverified and queues it again.
   */
  async verifyLater(footageId: string): Promise<void> {
    const payload: JobPayloads[FootageJob.Verify] = { footageId };
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.queue.add(FootageJob.Verify, payload, {
          jobId: `verify-${footageId}`,
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
        msg: 'footage verification not queued; the sweep will retry',
        footageId,
        error: (error as Error).message,
      });
    } finally {
      clearTimeout(timer);
    }
  }
}
