import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';

/** The ways an alert reaches a police post. */
export type AlertChannel = 'webhook' | 'push' | 'sms';

/** Alert delivery instruments, in the process's metrics registry, labelled by channel. */
@Injectable()
export class AlertMetrics {
  private readonly latency: Histogram<'channel'>;
  private readonly failures: Counter<'channel' | 'outcome'>;
  private readonly escalations: Counter;

  constructor(metrics: MetricsService) {
    this.latency = new Histogram({
      name: 'alert_delivery_latency_seconds',
      help: 'From the incident being committed to a channel taking the alert: the webhook answering 2xx, the push service accepting the message, the SMSC accepting the text',
      labelNames: ['channel'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [metrics.registry],
    });
    this.failures = new Counter({
      name: 'alert_delivery_failures_total',
      help: 'Delivery attempts that did not succeed, by channel and outcome',
      labelNames: ['channel', 'outcome'],
      registers: [metrics.registry],
    });
    this.escalations = new Counter({
      name: 'alert_escalations_total',
      help: 'Alerts escalated for want of acknowledgement or delivery',
      registers: [metrics.registry],
    });
  }

  delivered(channel: AlertChannel, latencyMs: number): void {
    this.latency.observe({ channel }, latencyMs / 1000);
  }

  failedAttempt(channel: AlertChannel, outcome: string): void {
    this.failures.inc({ channel, outcome });
  }

  escalated(): void {
    this.escalations.inc();
  }
}
