import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { EvidenceJob, QueueName } from '../jobs/queues';

/** How long a request waits for Redis to take a job before leaving it to the periodic sweep. */
const ENQUEUE_WAIT_MS = 2000;
/** Attempts per package: transient store or database failures are retried with backoff. */
export const BUILD_ATTEMPTS = 3;

/** Queues a package's build; one job per package (its id says which), so a repeat adds nothing. */
@Injectable()
export class EvidenceQueue {
  private readonly logger = new Logger(EvidenceQueue.name);

  constructor(@InjectQueue(QueueName.Evidence) private readonly queue: Queue) {}

  /** Never fails the request: a package still building with no job is queued again by the sweep. */
  async buildLater(packageId: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.queue.add(
          EvidenceJob.Build,
          { packageId },
          {
            jobId: `package-${packageId}`,
            attempts: BUILD_ATTEMPTS,
            backoff: { type: 'exponential', delay: 10_000 },
            removeOnComplete: true,
            removeOnFail: { age: 86400 },
          },
        ),
        new Promise((_, fail) => {
          timer = setTimeout(() => fail(new Error('queue did not answer')), ENQUEUE_WAIT_MS);
        }),
      ]);
    } catch (error) {
      this.logger.warn({
        msg: 'evidence package job not queued; the sweep will retry',
        packageId,
        error: (error as Error).message,
      });
    } finally {
      clearTimeout(timer);
    }
  }
}
