import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { JsonLogger } from '../../src/common/json-logger';
import { WorkerModule } from '../../src/worker.module';
import { startTestApp, TestApp, testConfig } from './test-app';

/** The API and a real worker on one database and one Redis key prefix. */
export async function startAlertStack(overrides: Record<string, string> = {}): Promise<{
  api: TestApp;
  worker: INestApplicationContext;
  close(): Promise<void>;
}> {
  const settings = {
    REDIS_KEY_PREFIX: `t${randomBytes(4).toString('hex')}`,
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1,localhost',
    OUTBOX_POLL_MS: '500',
    ...overrides,
  };
  const api = await startTestApp(settings);
  const config = testConfig({
    ...settings,
    DATABASE_URL: api.databaseUrl,
    S3_BUCKET: api.config.s3.bucket,
  });
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: new JsonLogger(overrides.LOG_LEVEL ? config.logLevel : 'error', 'worker-test'),
  });
  await worker.init();
  return {
    api,
    worker,
    close: async () => {
      await worker.close();
      await api.close();
    },
  };
}

export async function eventually<T>(
  probe: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 15000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await probe();
  }
  return value;
}
