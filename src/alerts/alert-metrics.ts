import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';

/** Alert delivery instruments, in the process's metrics registry. */
@Injectable()
export class AlertMetrics {
  private readonly latency: Histogram;
  private readonly failures: Counter<'outcome'>;
  private readonly escalations: Counter;

  constructor(metrics: MetricsService) {
    this.latency = new Histogram({
      name: 'alert_delivery_latency_seconds',
      help: 'From the incident being committed to the police post webhook answering 2xx',
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [metrics.registry],
    });
    this.failures = new Counter({
      name: 'alert_delivery_failures_total',
      help: 'Webhook delivery attempts that did not succeed, by outcome',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    this.escalations = new Counter({
      name: 'alert_escalations_total',
      help: 'Alerts escalated for want of acknowledgement or delivery',
      registers: [metrics.registry],
    });
  }

  delivered(latencyMs: number): void {
    this.latency.observe(latencyMs / 1000);
  }

  failedAttempt(outcome: string): void {
    this.failures.inc({ outcome });
  }

  escalated(): void {
    this.escalations.inc();
  }
}
