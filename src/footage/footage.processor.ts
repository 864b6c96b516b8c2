import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { FootageJob, JobPayloads, QueueName } from '../jobs/queues';
import { FootageLifecycle } from './footage-lifecycle.service';

/** Verifies stored footage, two files at a time; a failure is retried with backoff by BullMQ. */
@Processor(QueueName.Footage, { concurrency: 2 })
export class FootageProcessor extends WorkerHost {
  constructor(private readonly lifecycle: FootageLifecycle) {
    super();
  }

  async process(job: Job<JobPayloads[FootageJob.Verify]>): Promise<unknown> {
    if (job.name !== (FootageJob.Verify as string)) throw new Error(`Unknown job ${job.name}`);
    return { outcome: await this.lifecycle.verify(job.data.footageId) };
  }
}
