import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { FootageJob, JobPayloads, QueueName } from '../jobs/queues';
import { FootageIntegrity } from './footage-integrity.service';
import { FootageLifecycle } from './footage-lifecycle.service';

/** Verifies and re-hashes stored footage, two files at a time; a failure is retried with backoff by BullMQ. */
@Processor(QueueName.Footage, { concurrency: 2 })
export class FootageProcessor extends WorkerHost {
  constructor(
    private readonly lifecycle: FootageLifecycle,
    private readonly integrity: FootageIntegrity,
  ) {
    super();
  }

  async process(job: Job<JobPayloads[FootageJob.Verify | FootageJob.Recheck]>): Promise<unknown> {
    const name = job.name as FootageJob;
    switch (name) {
      case FootageJob.Verify:
        return { outcome: await this.lifecycle.verify(job.data.footageId) };
      case FootageJob.Recheck:
        return { outcome: await this.integrity.recheck(job.data.footageId) };
      default: {
        const unknown: never = name;
        throw new Error(`Unknown job ${String(unknown)}`);
      }
    }
  }
}
