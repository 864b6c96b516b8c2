import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createServer } from 'node:http';
import { Registry } from 'prom-client';
import { armShutdownDeadline, bindFailure, loadConfigOrExit } from './bootstrap';
import { AppConfig } from './config/app-config';
import { JsonLogger } from './common/json-logger';
import { MetricsService } from './metrics/metrics.service';
import { WorkerModule } from './worker.module';

/**
 * The metrics listener, bound before anything else starts: a taken port stops the worker at once
 * with one line, instead of a crash after its queues are already running.
 */
async function listenForMetrics(config: AppConfig): Promise<((registry: Registry) => void) | null> {
  if (!config.workerMetricsPort) return null;
  let registry: Registry | null = null;
  const server = createServer((req, res) => {
    if (req.url !== '/metrics' || !registry) return void res.writeHead(404).end();
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry!.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(config.workerMetricsPort, config.host, () => {
        server.off('error', fail);
        ok();
      });
    });
  } catch (error) {
    const line = bindFailure(error, config.workerMetricsPort, 'WORKER_METRICS_PORT');
    if (!line) throw error;
    console.error(line);
    process.exit(1);
  }
  // Never the reason the process stays up once the worker has shut down.
  server.unref();
  return (r) => (registry = r);
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const metrics = await listenForMetrics(config);
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
}

main().catch((error: unknown) => {
  new Logger('Worker').error(
    { msg: 'worker failed to start' },
    error instanceof Error ? error.stack : String(error),
  );
  process.exit(1);
});
