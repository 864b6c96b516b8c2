/**
 * Intake benchmark: sustained report creation through the real API (auth, validation,
 * classification, routing, audit, all in one transaction) against a minimal node:http + pg
 * server inserting the same rows. Starts its own PostgreSQL, Redis and S3 server with throwaway
 * data, like the local stack.
 *
 *   npm run bench:intake -- [--seconds 10] [--concurrency 16] [--rate 100] [--pool 20]
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DEMO_IDS } from '../../seeds/demo';
import { applySeeds } from '../../seeds';
import { seedId } from '../../seeds/seed-ids';
import { intArg } from '../../src/cli/cli-runner';
import { dataSourceOptions } from '../../src/database/data-source-options';
import {
  ensureRedisServer,
  freePort,
  startPostgres,
  startRedis,
  startS3,
  stopChild,
} from '../../src/local/services';
import { closedLoop, LoadResult, ms, openLoop, poster, Target } from '../lib/load';

const args = process.argv.slice(2);
const SECONDS = intArg(args, 'seconds', 10);
const CONCURRENCY = intArg(args, 'concurrency', 16);
const RATE = intArg(args, 'rate', 100);
/** Database connections per process, the same for the service and the baseline. */
const POOL = intArg(args, 'pool', 20);

const body = () =>
  JSON.stringify({
    occurredAt: new Date(Date.now() - 3600_000).toISOString(),
    facilityId: DEMO_IDS.centralHospital,
    unitId: seedId('unit:almaty:cgkb:admission'),
    place: { kind: 'admission_department' },
    kind: 'physical_assault',
    duringStateOfEmergency: false,
    victims: [{ role: 'nurse', injury: 'minor', fullName: 'Benchmark Victim' }],
    perpetrators: { type: 'relative', count: 1 },
    narrative: 'Benchmark report: a relative struck the nurse at the reception desk.',
  });

function startProcess(
  script: string,
  env: Record<string, string>,
  readyLine?: string,
): Promise<ChildProcess> {
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the measured processes.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ready, fail) => {
    child.once('exit', (code) => fail(new Error(`${script} exited with ${code}`)));
    if (!readyLine) return ready(child);
    child.stdout?.on('data', (c: Buffer) => c.toString().includes(readyLine) && ready(child));
  }).then(() => {
    child.stdout?.resume();
    child.removeAllListeners('exit');
    return child;
  });
}

async function waitHealthy(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null);
    if (res?.ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the API did not become ready');
}

async function measure(target: Target): Promise<{ closed: LoadResult; open: LoadResult }> {
  const send = poster(target, CONCURRENCY * 2);
  await closedLoop(send, target.expect, CONCURRENCY, 2); // warm-up
  const closed = await closedLoop(send, target.expect, CONCURRENCY, SECONDS);
  await new Promise((r) => setTimeout(r, 1000));
  const open = await openLoop(send, target.expect, RATE, SECONDS);
  return { closed, open };
}

async function main(): Promise<void> {
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
  const s3 = await startS3({ port: await freePort(), dataDir: dirs[1], buckets: ['evidence'] });
  const children: ChildProcess[] = [];
  try {
    await pg.createDatabase('bench_template');
    const template = await new DataSource(
      dataSourceOptions(pg.url('bench_template'), 2),
    ).initialize();
    await template.runMigrations({ transaction: 'each' });
    await applySeeds(template, { demo: true });
    const [ruleSet] = (await template.query(
      'SELECT id FROM classification_rule_sets WHERE version = 1',
    )) as Array<{ id: string }>;
    await template.destroy();
    await pg.createDatabase('bench_api', 'bench_template');
    await pg.createDatabase('bench_baseline', 'bench_template');

    const apiPort = await freePort();
    const api = await startProcess(join(__dirname, '..', '..', 'src', 'main.js'), {
      DATABASE_URL: pg.url('bench_api'),
      REDIS_URL: redis.url,
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: 'evidence',
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      SECRETS_KEY: randomBytes(32).toString('base64'),
      PORT: String(apiPort),
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      DATABASE_POOL_SIZE: String(POOL),
    });
    children.push(api);
    await waitHealthy(apiPort);
    const login = await fetch(`http://127.0.0.1:${apiPort}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nurse@demo.medguard.kz', password: 'Staff-demo-2026!' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const service = await measure({
      port: apiPort,
      path: '/api/v1/incidents',
      headers: { authorization: `Bearer ${accessToken}` },
      body,
      expect: 201,
    });
    await stopChild(api, 10000);

    const basePort = await freePort();
    const baseline = await startProcess(
      join(__dirname, 'baseline-server.js'),
      {
        DATABASE_URL: pg.url('bench_baseline'),
        PORT: String(basePort),
        POOL: String(POOL),
        REPORTER_ID: seedId('user:nurse@demo.medguard.kz'),
        RULE_SET_ID: ruleSet.id,
        POST_ID: DEMO_IDS.centralPost,
      },
      'baseline ready',
    );
    children.push(baseline);
    const floor = await measure({
      port: basePort,
      path: '/incidents',
      headers: {},
      body,
      expect: 201,
    });

    const row = (name: string, r: LoadResult) =>
      `${name.padEnd(44)} ${r.perSecond.toFixed(1).padStart(8)}/s  p50 ${ms(r.p50).padStart(9)}  p99 ${ms(r.p99).padStart(9)}  errors ${r.errors}`;
    const lines = [
      `intake benchmark: ${SECONDS}s per run, ${CONCURRENCY} concurrent clients, then ${RATE} creates/s fixed rate; ${POOL} database connections per process`,
      row(`service, sustained (${CONCURRENCY} clients)`, service.closed),
      row(`baseline node:http + pg, sustained`, floor.closed),
      row(`service at ${RATE}/s`, service.open),
      row(`baseline at ${RATE}/s`, floor.open),
      `throughput ratio service/baseline: ${((service.closed.perSecond / floor.closed.perSecond) * 100).toFixed(0)}% (target >= 60%)`,
      `service p99 at ${RATE}/s: ${ms(service.open.p99)} (target < 50 ms)`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    for (const child of children) await stopChild(child, 10000);
    await redis.stop();
    await s3.stop();
    await pg.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
