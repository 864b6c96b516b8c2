import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { armShutdownDeadline, loadConfigOrExit } from './bootstrap';
import { createServer } from 'node:http';
import { JsonLogger } from './common/json-logger';
import { MetricsService } from './metrics/metrics.service';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: new JsonLogger(config.logLevel, 'worker'),
    bufferLogs: true,
  });
  // Closing the context lets BullMQ workers finish the jobs they hold before exiting.
  app.enableShutdownHooks();
  armShutdownDeadline(config);
  await app.init();
  if (config.workerMetricsPort) {
    const registry = app.get(MetricsService).registry;
    const server = createServer((req, res) => {
      if (req.url !== '/metrics') return void res.writeHead(404).end();
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    });
    // Never the reason the process stays up once the worker has shut down.
    server.listen(config.workerMetricsPort).unref();
  }
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
