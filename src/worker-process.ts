import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Registry } from 'prom-client';
import { JsonLogger } from './common/json-logger';
import { AppConfig } from './config/app-config';
import { MetricsService } from './metrics/metrics.service';
import { armShutdownDeadline } from './process-lifecycle';
import { WorkerModule } from './worker.module';

/** Starts the worker's queues and periodic jobs; the process ends when it cannot. */
export async function runWorker(
  config: AppConfig,
  metrics: ((registry: Registry) => void) | null,
): Promise<void> {
  try {
    const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
      logger: new JsonLogger(config.logLevel, 'worker'),
      bufferLogs: true,
    });
    // Closing the context lets BullMQ workers finish the jobs they hold before exiting.
    app.enableShutdownHooks();
    armShutdownDeadline(config);
    await app.init();
    metrics?.(app.get(MetricsService).registry);
    new Logger('Worker').log({
      msg: 'worker started',
      metricsPort: config.workerMetricsPort || null,
    });
  } catch (error) {
    new Logger('Worker').error(
      { msg: 'worker failed to start' },
      error instanceof Error ? error.stack : String(error),
    );
    process.exit(1);
  }
}
