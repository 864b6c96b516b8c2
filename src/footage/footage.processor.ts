import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { OnJob, runJob } from '../jobs/job-handlers';
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

  process(job: Job, token?: string): Promise<unknown> {
    return runJob(this, job, token);
  }

  @OnJob(FootageJob.Verify)
  async verify(job: Job<JobPayloads[FootageJob.Verify]>) {
    return { outcome: await this.lifecycle.verify(job.data.footageId) };
  }

  @OnJob(FootageJob.Recheck)
  async recheck(job: Job<JobPayloads[FootageJob.Recheck]>) {
    return { outcome: await this.integrity.recheck(job.data.footageId) };
  }
}
