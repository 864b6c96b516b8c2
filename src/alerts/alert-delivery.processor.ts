import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { OnJob, runJob } from '../jobs/job-handlers';
import { AlertJob, QueueName } from '../jobs/queues';
import { Clock } from '../common/clock';
import { AlertDeliveryRepository } from './alert-delivery.repository';
import { AlertMetrics } from './alert-metrics';
import { retryDelayMs } from './escalation-policy';
import { AlertEscalator } from './alert-escalator.service';
import { PostSlots } from './post-slots';
import { WebhookClient, WebhookResult } from './webhook-client';

/** A retryable delivery failure; carries the receiver's Retry-After when it sent one. */
export class DeliveryRetry extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * Deliveries one post may have in flight in a worker: a hanging receiver holds at most these
 * slots, and as many deliveries waiting for one. A delivery waits in the worker as long as one in
 * flight may take (the webhook timeout), so a burst to a post that answers goes out as its
 * answers come; one that finds the waiting full, or waits in vain, goes back to the queue for
 * RETRY_SLOT_MS (without spending an attempt).
 */
const SLOTS_PER_POST = 16;
const RETRY_SLOT_MS = 500;

/**
 * Delivers an alert to its post's webhook. Non-2xx and timeouts are retried with jittered
 * exponential backoff; 410 disables the endpoint and escalates at once; after the last attempt
 * the alert is marked delivery_failed and escalated at once. Every attempt is recorded. Slots
 * are mostly spent waiting on receivers, so there are many, and no post can take more than
 * SLOTS_PER_POST of them.
 */
@Processor(QueueName.AlertDelivery, {
  concurrency: 128,
  // A worker that dies mid-delivery loses its lock within seconds, and the job runs again elsewhere.
  lockDuration: 15000,
  stalledInterval: 5000,
  settings: {
    backoffStrategy: (attemptsMade: number, _type?: string, error?: Error) =>
      retryDelayMs(attemptsMade, error instanceof DeliveryRetry ? error.retryAfterMs : undefined),
  },
})
export class AlertDeliveryProcessor extends WorkerHost {
  private readonly logger = new Logger(AlertDeliveryProcessor.name);
  private readonly slots = new PostSlots(SLOTS_PER_POST);

  constructor(
    private readonly alerts: AlertDeliveryRepository,
    private readonly webhooks: WebhookClient,
    private readonly escalator: AlertEscalator,
    private readonly metrics: AlertMetrics,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    super();
  }

  process(job: Job, token?: string): Promise<unknown> {
    return runJob(this, job, token);
  }

  @OnJob(AlertJob.Deliver)
  async deliver(job: Job<{ alertId: string }>, token?: string): Promise<string> {
    const target = await this.alerts.deliveryTarget(job.data.alertId);
    if (!target) return 'gone';
    // An alert escalated before its webhook got through is still the post's to hear about; one
    // the post acknowledged (on its console) it already has.
    if (target.deliveredAt || target.status === 'acknowledged') return 'already-delivered';
    if (!target.webhookUrl || target.webhookSecrets.length === 0) return 'console-only';
    if (target.webhookDisabled) return this.giveUp(target.alertId, 'webhook disabled');

    if (!(await this.slots.acquire(target.postId, this.config.alerts.webhookTimeoutMs))) {
      // The queue keeps real time, not the application's clock.
      await job.moveToDelayed(Date.now() + RETRY_SLOT_MS, token);
      throw new DelayedError();
    }
    let result: WebhookResult;
    try {
      result = await this.webhooks.post(
        target.webhookUrl,
        target.webhookSecrets,
        `alert_${target.alertId}`,
        { ...target.payload, link: `${this.config.publicUrl}/police?alert=${target.alertId}` },
      );
    } finally {
      this.slots.release(target.postId);
    }
    await this.alerts.recordAttempt(target.alertId, result, this.clock.now());
    if (result.outcome === 'delivered') {
      this.metrics.delivered('webhook', Date.now() - target.incidentCreatedAt.getTime());
      return 'delivered';
    }
    this.metrics.failedAttempt('webhook', result.outcome);
    if (result.outcome === 'gone') {
      await this.alerts.disableWebhook(target.postId, this.clock.now());
      return this.giveUp(target.alertId, 'receiver answered 410 Gone');
    }
    if (result.outcome === 'blocked')
      return this.giveUp(target.alertId, result.error ?? 'address not allowed');
    const attempts = job.opts.attempts ?? this.config.alerts.deliveryAttempts;
    if (job.attemptsMade + 1 >= attempts)
      return this.giveUp(target.alertId, `no 2xx after ${attempts} attempts`);
    throw new DeliveryRetry(
      result.error ?? `receiver answered ${result.responseCode}`,
      result.retryAfterMs,
    );
  }

  private async giveUp(alertId: string, reason: string): Promise<string> {
    this.logger.warn({ msg: 'alert delivery failed; escalating', alertId, reason });
    await this.alerts.markDeliveryFailed(alertId);
    await this.escalator.escalate(alertId, 'undeliverable');
    return 'delivery_failed';
  }
}
