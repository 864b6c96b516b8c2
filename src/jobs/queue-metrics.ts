import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';
import { QueueName } from './queues';

/** Queue depth by queue and state, read from Redis when Prometheus scrapes. */
@Injectable()
export class QueueMetrics {
  constructor(metrics: MetricsService, moduleRef: ModuleRef) {
    let queues: Queue[] | null = null;
    new Gauge({
      name: 'queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [metrics.registry],
      async collect() {
        queues ??= Object.values(QueueName).map((name) =>
          moduleRef.get<Queue>(getQueueToken(name), { strict: false }),
        );
        for (const queue of queues) {
          const counts = await queue
            .getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized')
            .catch(() => null);
          for (const [state, n] of Object.entries(counts ?? {}))
            this.set({ queue: queue.name, state }, n);
        }
      },
    });
  }
}
