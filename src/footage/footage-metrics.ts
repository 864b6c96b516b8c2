import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';

/** Evidence integrity instruments, in the worker's metrics registry. */
@Injectable()
export class FootageMetrics {
  private readonly integrityFailures: Counter;

  constructor(metrics: MetricsService) {
    this.integrityFailures = new Counter({
      name: 'footage_integrity_failures_total',
      help: 'Stored footage found changed or missing when its object was re-hashed',
      registers: [metrics.registry],
    });
  }

  integrityFailed(): void {
    this.integrityFailures.inc();
  }
}
