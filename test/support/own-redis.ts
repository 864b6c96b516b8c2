import { ChildProcess, spawn } from 'node:child_process';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUEUE_JOBS, QueueName } from '../../src/jobs/queues';
import { ensureRedisServer, freePort, startRedis, stopChild } from '../../src/local/services';
import { appEnv, DIST } from './run-node';

/**
 * A Redis of the spec file's own, with an append-only file as in production, so a test can stop,
 * restart or empty it without touching the Redis every other spec shares.
 */
export class OwnRedis {
  readonly dir = join(tmpdir(), `medguard-test-redis-${randomBytes(4).toString('hex')}`);
  readonly prefix = `t${randomBytes(4).toString('hex')}`;
  port = 0;
  private stopper: (() => Promise<void>) | null = null;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** The settings an API or worker needs to use this Redis. */
  get settings(): Record<string, string> {
    return { REDIS_URL: this.url, REDIS_KEY_PREFIX: this.prefix };
  }

  async start(): Promise<void> {
    this.port ||= await freePort();
    const redis = await startRedis({
      binary: ensureRedisServer(() => undefined),
      port: this.port,
      dataDir: this.dir,
    });
    this.stopper = () => redis.stop();
  }

  async stop(): Promise<void> {
    await this.stopper?.();
    this.stopper = null;
  }

  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The built worker as a process of its own, so a test can kill it; quiet unless it fails. */
export function spawnWorker(
  databaseUrl: string,
  redis: OwnRedis,
  settings: Record<string, string> = {},
): ChildProcess {
  return spawn(process.execPath, [join(DIST, 'worker.js')], {
    env: appEnv({
      ...redis.settings,
      DATABASE_URL: databaseUrl,
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      OUTBOX_POLL_MS: '300',
      WORKER_METRICS_PORT: '0',
      LOG_LEVEL: 'error',
      ...settings,
    }) as NodeJS.ProcessEnv,
    stdio: 'ignore',
  });
}

/**
 * Resolves once a worker is taking jobs from every queue of this Redis: a worker still starting
 * (seconds on a loaded machine) would make any deadline measured from a filing look late.
 */
export async function untilConsuming(redis: OwnRedis, timeoutMs = 30000): Promise<void> {
  const queues = (Object.keys(QUEUE_JOBS) as QueueName[]).map(
    (name) => new Queue(name, { connection: { url: redis.url }, prefix: `${redis.prefix}:bull` }),
  );
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const consumers = await Promise.all(queues.map((q) => q.getWorkersCount()));
      if (consumers.every((n) => n > 0)) return;
      if (Date.now() > deadline) throw new Error(`no worker took jobs within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await Promise.all(queues.map((q) => q.close()));
  }
}

export { stopChild };
