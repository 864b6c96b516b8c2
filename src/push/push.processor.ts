import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { AlertMetrics } from '../alerts/alert-metrics';
import { retryDelayMs } from '../alerts/escalation-policy';
import { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import { OnJob, runJob } from '../jobs/job-handlers';
import { JobPayloads, PushJob, QueueName } from '../jobs/queues';
import { PushDeliveriesRepository } from './push-deliveries.repository';
import {
  buildIncidentUpdatePayload,
  buildPushPayload,
  MAX_TTL_SECONDS,
  pushTopic,
  pushTtlSeconds,
  pushUrgency,
} from './push-payload';
import { PushOptions, PushResult, PushSender } from './push-sender';
import { PushSubscriptionsRepository, PushTarget } from './push-subscriptions.repository';

/** Some devices' push services asked to be tried again; carries the soonest Retry-After. */
export class PushRetry extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Job progress of an incident update: the subscriptions that took it, so a retry skips them. */
interface UpdateProgress {
  accepted?: string[];
}

/**
 * Web Push of alerts to every device of the post's active officers, and of case updates to the
 * reporter's devices. Each device's attempt is recorded; a 404 or 410 deletes the subscription;
 * a retry (with the webhooks' backoff) sends only to devices whose service has not taken the
 * message yet. A push never changes an alert's status: acknowledgement stays the officer's.
 */
@Processor(QueueName.AlertPush, {
  concurrency: 64,
  lockDuration: 15000,
  stalledInterval: 5000,
  settings: {
    backoffStrategy: (attemptsMade: number, _type?: string, error?: Error) =>
      retryDelayMs(attemptsMade, error instanceof PushRetry ? error.retryAfterMs : undefined),
  },
})
export class PushProcessor extends WorkerHost {
  constructor(
    private readonly deliveries: PushDeliveriesRepository,
    private readonly subscriptions: PushSubscriptionsRepository,
    private readonly sender: PushSender,
    private readonly metrics: AlertMetrics,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    super();
  }

  process(job: Job, token?: string): Promise<unknown> {
    return runJob(this, job, token);
  }

  @OnJob(PushJob.Alert)
  async pushAlert(job: Job<JobPayloads[PushJob.Alert]>): Promise<string> {
    if (!this.config.push.vapid) return 'push-off';
    const alert = await this.deliveries.alert(job.data.alertId);
    if (!alert) return 'gone';
    if (alert.status === 'acknowledged') return 'acknowledged';
    const accepted = await this.deliveries.acceptedBy(alert.alert_id);
    const devices = (await this.subscriptions.ofPostOfficers(alert.police_post_id)).filter(
      (d) => !accepted.has(d.id),
    );
    const options: PushOptions = {
      ttlSeconds: pushTtlSeconds(
        { createdAt: alert.created_at, deadlineAt: alert.deadline_at },
        this.clock.ms(),
      ),
      urgency: pushUrgency(alert.priority),
      topic: pushTopic(alert.alert_id),
    };
    const payload = buildPushPayload(alert, this.config.publicUrl);
    let first = accepted.size === 0;
    return this.sendAll(job, devices, payload, options, async (device, result) => {
      await this.deliveries.recordAttempt(alert.alert_id, device.id, result);
      if (result.outcome === 'delivered') {
        if (first) this.metrics.delivered('push', Date.now() - alert.incident_created_at.getTime());
        first = false;
      } else this.metrics.failedAttempt('push', result.outcome);
    });
  }

  @OnJob(PushJob.IncidentUpdate)
  async pushIncidentUpdate(job: Job<JobPayloads[PushJob.IncidentUpdate]>): Promise<string> {
    if (!this.config.push.vapid) return 'push-off';
    const incident = await this.deliveries.incident(job.data.incidentId);
    if (!incident) return 'gone';
    const progress = job.progress as UpdateProgress | number | null;
    const accepted = new Set(
      progress && typeof progress === 'object' ? (progress.accepted ?? []) : [],
    );
    const devices = (await this.subscriptions.ofUser(incident.reporterId)).filter(
      (d) => !accepted.has(d.id),
    );
    const options: PushOptions = {
      ttlSeconds: MAX_TTL_SECONDS,
      urgency: 'normal',
      topic: pushTopic(incident.id),
    };
    const payload = buildIncidentUpdatePayload(incident, this.config.publicUrl);
    const outcome = await this.sendAll(job, devices, payload, options, async (device, result) => {
      if (result.outcome === 'delivered') accepted.add(device.id);
    }).finally(() => job.updateProgress({ accepted: [...accepted] }));
    return outcome;
  }

  /**
   * Sends to every device at once, records each answer, deletes subscriptions whose service says
   * they are gone, and asks for a retry while some device's service may still take the message.
   */
  private async sendAll(
    job: Job,
    devices: PushTarget[],
    payload: object,
    options: PushOptions,
    record: (device: PushTarget, result: PushResult) => Promise<void>,
  ): Promise<string> {
    if (devices.length === 0) return 'no-devices';
    const results = await Promise.all(devices.map((d) => this.sender.send(d, payload, options)));
    const retry: PushResult[] = [];
    for (const [i, result] of results.entries()) {
      await record(devices[i], result);
      if (result.outcome === 'gone') await this.subscriptions.remove(devices[i].id);
      if (result.retryable) retry.push(result);
    }
    const attempts = job.opts.attempts ?? this.config.alerts.deliveryAttempts;
    if (retry.length && job.attemptsMade + 1 < attempts) {
      const waits = retry.map((r) => r.retryAfterMs).filter((ms) => ms !== undefined);
      throw new PushRetry(
        `${retry.length} of ${devices.length} devices not reached: ${retry[0].error}`,
        waits.length ? Math.min(...waits) : undefined,
      );
    }
    const delivered = results.filter((r) => r.outcome === 'delivered').length;
    return `${delivered} of ${devices.length} devices`;
  }
}
