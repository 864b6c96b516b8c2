import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { OnJob, runJob } from '../jobs/job-handlers';
import { AlertJob, QueueName } from '../jobs/queues';
import { AlertEscalator } from './alert-escalator.service';

/**
 * Fires at an alert's acknowledgement deadline. It re-reads the alert: an acknowledgement in the
 * meantime, or a deadline moved later, makes it a no-op, so neither has to remove the delayed job.
 */
@Processor(QueueName.AlertEscalation, { lockDuration: 15000, stalledInterval: 5000 })
export class AlertEscalationProcessor extends WorkerHost {
  constructor(private readonly escalator: AlertEscalator) {
    super();
  }

  process(job: Job, token?: string): Promise<unknown> {
    return runJob(this, job, token);
  }

  @OnJob(AlertJob.Escalate)
  async escalate(job: Job<{ alertId: string }>): Promise<void> {
    await this.escalator.escalate(job.data.alertId, 'deadline');
  }
}
