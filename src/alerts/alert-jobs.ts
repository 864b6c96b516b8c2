import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import { AlertJob, JobPayloads, PushJob, QueueName } from '../jobs/queues';

const KEEP = { removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } };

export const deliveryJobId = (alertId: string) => `deliver-${alertId}`;
export const textJobId = (alertId: string) => `sms-${alertId}`;
export const pushJobId = (alertId: string) => `push-${alertId}`;
/** One escalation job per alert and deadline: a moved deadline gets a job of its own. */
export const escalationJobId = (alertId: string, deadlineAt: Date) =>
  `escalate-${alertId}-${deadlineAt.getTime()}`;

/**
 * An alert's jobs on the queues: its webhook delivery and its escalation at the deadline. Job ids
 * are derived from the alert (and the deadline), so queueing again is harmless.
 */
@Injectable()
export class AlertJobs {
  constructor(
    @InjectQueue(QueueName.AlertDelivery) private readonly delivery: Queue,
    @InjectQueue(QueueName.AlertEscalation) private readonly escalation: Queue,
    @InjectQueue(QueueName.AlertSms) private readonly sms: Queue,
    @InjectQueue(QueueName.AlertPush) private readonly pushes: Queue,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Queues every job of these alerts at once: one round of writes to Redis per queue. */
  async queueAll(
    alerts: ReadonlyArray<{ alertId: string; priority: number; deadlineAt: Date }>,
  ): Promise<void> {
    if (alerts.length === 0) return;
    const bulks: Array<Promise<unknown>> = [
      this.delivery.addBulk(alerts.map((a) => this.deliveryJob(a.alertId, a.priority))),
      this.escalation.addBulk(alerts.map((a) => this.escalationJob(a.alertId, a.deadlineAt))),
    ];
    if (this.config.smpp)
      bulks.push(this.sms.addBulk(alerts.map((a) => this.textJob(a.alertId, a.priority))));
    if (this.config.push.vapid)
      bulks.push(this.pushes.addBulk(alerts.map((a) => this.pushJob(a.alertId, a.priority))));
    await Promise.all(bulks);
  }

  async deliver(alertId: string, priority: number): Promise<void> {
    const job = this.deliveryJob(alertId, priority);
    await this.delivery.add(job.name, job.data, job.opts);
  }

  /** Texts the officers on shift at the alert's post (a no-op job when SMS is not configured). */
  async text(alertId: string, priority: number): Promise<void> {
    if (!this.config.smpp) return;
    const job = this.textJob(alertId, priority);
    await this.sms.add(job.name, job.data, job.opts);
  }

  /** Queues the text again when Redis has lost its job; a finished job decided and stays. */
  async ensureText(alertId: string, priority: number): Promise<boolean> {
    if ((await this.sms.getJobState(textJobId(alertId))) !== 'unknown') return false;
    await this.text(alertId, priority);
    return true;
  }

  /** Web Push to the post's officers' devices; nothing when push is not set up. */
  async push(alertId: string, priority: number): Promise<void> {
    if (!this.config.push.vapid) return;
    const job = this.pushJob(alertId, priority);
    await this.pushes.add(job.name, job.data, job.opts);
  }

  /** Queues the push again when Redis has lost its job; a finished job decided and stays. */
  async ensurePush(alertId: string, priority: number): Promise<boolean> {
    if ((await this.pushes.getJobState(pushJobId(alertId))) !== 'unknown') return false;
    await this.push(alertId, priority);
    return true;
  }

  async escalateAt(alertId: string, deadlineAt: Date): Promise<void> {
    const job = this.escalationJob(alertId, deadlineAt);
    await this.escalation.add(job.name, job.data, job.opts);
  }

  /**
   * Queues the delivery again unless a job is waiting, delayed or running for it: a job that is
   * missing (Redis lost it) or finished without delivering is replaced, if `stillOwed` says the
   * alert is undelivered. It is asked after the job's state is read: a job writes its outcome
   * (delivered, given up) before it finishes, so a job just finished has its outcome seen there.
   * Returns whether it queued one.
   */
  async ensureDelivery(
    alertId: string,
    priority: number,
    stillOwed: () => Promise<boolean>,
  ): Promise<boolean> {
    const id = deliveryJobId(alertId);
    const state = await this.delivery.getJobState(id);
    if (state !== 'unknown' && state !== 'completed' && state !== 'failed') return false;
    if (!(await stillOwed())) return false;
    if (state !== 'unknown') await this.delivery.remove(id).catch(() => undefined);
    await this.deliver(alertId, priority);
    return true;
  }

  private deliveryJob(alertId: string, priority: number) {
    const data: JobPayloads[AlertJob.Deliver] = { alertId };
    return {
      name: AlertJob.Deliver,
      data,
      opts: {
        jobId: deliveryJobId(alertId),
        priority,
        attempts: this.config.alerts.deliveryAttempts,
        backoff: { type: 'webhook' },
        ...KEEP,
      },
    };
  }

  private textJob(alertId: string, priority: number) {
    const data: JobPayloads[AlertJob.Text] = { alertId };
    return {
      name: AlertJob.Text,
      data,
      opts: {
        jobId: textJobId(alertId),
        priority,
        attempts: this.config.alerts.deliveryAttempts,
        backoff: { type: 'sms' },
        ...KEEP,
      },
    };
  }

  private pushJob(alertId: string, priority: number) {
    const data: JobPayloads[PushJob.Alert] = { alertId };
    return {
      name: PushJob.Alert,
      data,
      opts: {
        jobId: pushJobId(alertId),
        priority,
        attempts: this.config.alerts.deliveryAttempts,
        backoff: { type: 'push' },
        ...KEEP,
      },
    };
  }

  private escalationJob(alertId: string, deadlineAt: Date) {
    const data: JobPayloads[AlertJob.Escalate] = { alertId };
    return {
      name: AlertJob.Escalate,
      data,
      opts: {
        jobId: escalationJobId(alertId, deadlineAt),
        delay: Math.max(0, deadlineAt.getTime() - this.clock.ms()),
        ...KEEP,
      },
    };
  }
}
