import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue, QueueEvents } from 'bullmq';
import { DataSource } from 'typeorm';
import { JsonLogger } from '../src/common/json-logger';
import { MaintenanceJob, QueueName } from '../src/jobs/queues';
import { redisConnectionOptions } from '../src/redis/redis.service';
import { WorkerModule } from '../src/worker.module';
import { createTestDatabase, testConfig } from './support/test-app';

describe('worker process', () => {
  let worker: INestApplicationContext;
  let config: ReturnType<typeof testConfig>;
  beforeAll(async () => {
    config = testConfig({ DATABASE_URL: await createTestDatabase() });
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
      logger: new JsonLogger('error', 'worker-test'),
    });
    await worker.init();
  });
  afterAll(() => worker.close());

  /** Queues one maintenance job and waits for the worker to finish it. */
  async function runJob(name: MaintenanceJob): Promise<unknown> {
    const queue = worker.get<Queue>(getQueueToken(QueueName.Maintenance));
    const events = new QueueEvents(QueueName.Maintenance, {
      connection: redisConnectionOptions(config.redis.url),
      prefix: `${config.redis.keyPrefix}:bull`,
    });
    await events.waitUntilReady();
    try {
      return await (await queue.add(name, {})).waitUntilFinished(events, 10000);
    } finally {
      await events.close();
    }
  }

  const nurseId = async (db: DataSource) =>
    (
      (await db.query(`SELECT id FROM users WHERE email = 'nurse@demo.medguard.kz'`)) as Array<{
        id: string;
      }>
    )[0].id;

  it('schedules each housekeeping job once, however many workers start', async () => {
    const queue = worker.get<Queue>(getQueueToken(QueueName.Maintenance));
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual(Object.values(MaintenanceJob).sort());
  });

  it('purges sessions that expired more than a day ago and keeps live ones', async () => {
    const db = worker.get(DataSource);
    const user = await nurseId(db);
    await db.query(
      `INSERT INTO sessions (user_id, token_hash, expires_at) VALUES
         ($1, '\\x01', now() - interval '2 days'), ($1, '\\x02', now() + interval '1 hour')`,
      [user],
    );
    // The scheduler's own first run may get there first; either way the job must finish.
    expect(await runJob(MaintenanceJob.PurgeExpiredSessions)).toEqual({
      removed: expect.any(Number),
    });
    const left = await db.query(
      `SELECT encode(token_hash, 'hex') AS h FROM sessions WHERE user_id = $1`,
      [user],
    );
    expect(left.map((r: { h: string }) => r.h)).toEqual(['02']);
  });

  it('purges idempotency keys once they have expired', async () => {
    const db = worker.get(DataSource);
    const user = await nurseId(db);
    await db.query(
      `INSERT INTO idempotency_keys (user_id, key, fingerprint, state, expires_at) VALUES
         ($1, 'old', 'f', 'done', now() - interval '1 minute'), ($1, 'fresh', 'f', 'done', now() + interval '1 hour')`,
      [user],
    );
    await runJob(MaintenanceJob.PurgeExpiredIdempotencyKeys);
    const left = await db.query(`SELECT key FROM idempotency_keys WHERE user_id = $1`, [user]);
    expect(left.map((r: { key: string }) => r.key)).toEqual(['fresh']);
  });
});
