import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { OnJob, runJob } from '../jobs/job-handlers';
import { EvidenceJob, JobPayloads, QueueName } from '../jobs/queues';
import { PackageBuilder } from './package-builder.service';

/** Builds evidence packages one at a time: each streams gigabytes, and the machine is shared. */
@Processor(QueueName.Evidence, { concurrency: 1 })
export class EvidenceProcessor extends WorkerHost {
  constructor(private readonly builder: PackageBuilder) {
    super();
  }

  process(job: Job, token?: string): Promise<unknown> {
    return runJob(this, job, token);
  }

  @OnJob(EvidenceJob.Build)
  async build(job: Job<JobPayloads[EvidenceJob.Build]>) {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return { outcome: await this.builder.build(job.data.packageId, lastAttempt) };
  }
}
