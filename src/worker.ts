import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { armShutdownDeadline, loadConfigOrExit } from './bootstrap';
import { JsonLogger } from './common/json-logger';
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
  new Logger('Worker').log({ msg: 'worker started' });
}

main().catch((error: unknown) => {
  new Logger('Worker').error(
    { msg: 'worker failed to start' },
    error instanceof Error ? error.stack : String(error),
  );
  process.exit(1);
});
