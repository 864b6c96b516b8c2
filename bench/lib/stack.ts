import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { applySeeds } from '../../seeds';
import { postmasterPid } from './cpu';
import { dataSourceOptions } from '../../src/database/data-source-options';
import {
  ensureRedisServer,
  freePort,
  startPostgres,
  S3Handle,
  startRedis,
  stopChild,
} from '../../src/local/services';

export const DIST_SRC = join(__dirname, '..', '..', 'src');

export interface BenchStack {
  /** A database cloned from the migrated, seeded template. */
  database(name: string): Promise<string>;
  /** The environment the API and the worker need, pointing at this stack. */
  env(databaseUrl: string): Record<string, string>;
  start(script: string, env: Record<string, string>, readyLine?: string): Promise<ChildProcess>;
  /** The PostgreSQL server's postmaster process (its backends run under it). */
  postgresPid(): number;
  /** The S3 server's process. */
  s3Pid(): number;
  stop(): Promise<void>;
}

/**
 * PostgreSQL, Redis and an S3 server with throwaway data, and a migrated, seeded template
 * database. The S3 server runs in a process of its own, as a real one would.
 */
export async function startBenchStack(): Promise<BenchStack> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const run = randomBytes(4).toString('hex');
  const dirs = [
    join(tmpdir(), `medguard-bench-pg-${run}`),
    join(tmpdir(), `medguard-bench-s3-${run}`),
  ];
  const pg = await startPostgres({
    dataDir: dirs[0],
    port: await freePort(),
    password: run,
    persistent: false,
  });
  const redis = await startRedis({
    binary: ensureRedisServer(() => undefined),
    port: await freePort(),
  });
  const s3 = await startS3Process({
    port: await freePort(),
    dataDir: dirs[1],
    buckets: ['evidence'],
  });
  const children: ChildProcess[] = [];
  await pg.createDatabase('bench_template');
  const template = await new DataSource(
    dataSourceOptions(pg.url('bench_template'), 2),
  ).initialize();
  await template.runMigrations({ transaction: 'each' });
  await applySeeds(template, { demo: true });
  await template.destroy();
  const secretsKey = randomBytes(32).toString('base64');
  // The measured processes encrypt personal data, and so do seeds run in this process.
  process.env.DATA_ENCRYPTION_KEYS ??= `bench:${randomBytes(32).toString('base64')}`;
  const dataKeys = process.env.DATA_ENCRYPTION_KEYS;

  return {
    async database(name) {
      await pg.createDatabase(name, 'bench_template');
      return pg.url(name);
    },
    env: (databaseUrl) => ({
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: 'evidence',
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      SECRETS_KEY: secretsKey,
      DATA_ENCRYPTION_KEYS: dataKeys,
    }),
    start(script, env, readyLine) {
      // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the measured processes.
      const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
      const child = spawn(process.execPath, [...nodeArgs, script], {
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      return new Promise<ChildProcess>((ready, fail) => {
        child.once('exit', (code) => fail(new Error(`${script} exited with ${code}`)));
        if (!readyLine) return ready(child);
        child.stdout?.on('data', (c: Buffer) => c.toString().includes(readyLine) && ready(child));
      }).then(() => {
        child.stdout?.resume();
        child.removeAllListeners('exit');
        return child;
      });
    },
    postgresPid: () => postmasterPid(dirs[0]),
    s3Pid: () => s3.pid,
    async stop() {
      for (const child of children) await stopChild(child, 10000);
      await redis.stop();
      await s3.stop();
      await pg.stop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The S3 server in a process of its own, as a real one is: its work (assembling a multipart
 * upload, hashing) neither delays the load generator's clock nor counts as its CPU.
 */
async function startS3Process(options: {
  port: number;
  dataDir: string;
  buckets: string[];
}): Promise<S3Handle & { pid: number }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `require(${JSON.stringify(join(DIST_SRC, 'local', 'services.js'))}).startS3(${JSON.stringify(options)}).then(() => console.log('ready'))`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((ready, fail) => {
    child.once('exit', (code) => fail(new Error(`the S3 server exited with ${code}`)));
    child.stdout?.on('data', (c: Buffer) => c.toString().includes('ready') && ready());
  });
  child.removeAllListeners('exit');
  child.stdout?.resume();
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    pid: child.pid!,
    stop: () => stopChild(child, 10000),
  };
}

export async function waitHealthy(port: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null);
    if (res?.ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the API did not become ready');
}

export async function signIn(port: number, email: string, password: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** The middle value (the upper one of an even count). */
export const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
