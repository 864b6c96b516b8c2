/**
 * Intake benchmark: sustained report creation through the real API (auth, validation,
 * classification, routing, audit, all in one transaction) against a minimal node:http + pg
 * server inserting the same rows. Starts its own PostgreSQL, Redis and S3 server with throwaway
 * data, like the local stack.
 *
 *   npm run bench:intake -- [--runs 5] [--seconds 10] [--concurrency 16] [--rate 100] [--pool 20]
 *
 * The service and the baseline take turns, run after run; it prints each run and the medians.
 */
import { join } from 'node:path';
import { Client } from 'pg';
import { DEMO_IDS } from '../../seeds/demo';
import { seedId } from '../../seeds/seed-ids';
import { intArg } from '../../src/cli/cli-runner';
import { freePort } from '../../src/local/services';
import { cpuMeter, processCpuMs, treeCpuMs } from '../lib/cpu';
import { closedLoop, LoadResult, ms, openLoop, poster, Target } from '../lib/load';
import { DIST_SRC, median, signIn, startBenchStack, waitHealthy } from '../lib/stack';

const args = process.argv.slice(2);
const SECONDS = intArg(args, 'seconds', 10);
const CONCURRENCY = intArg(args, 'concurrency', 16);
const RATE = intArg(args, 'rate', 100);
/** Database connections per process, the same for the service and the baseline. */
const POOL = intArg(args, 'pool', 20);
const RUNS = intArg(args, 'runs', 5);

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

interface Measured {
  closed: LoadResult;
  open: LoadResult;
  /** CPU milliseconds per report during the sustained run: the server, PostgreSQL, the load. */
  cpu: { server: number; postgres: number; load: number };
}

async function measure(
  target: Target,
  serverPid: number,
  postgresPid: number,
  warm: boolean,
): Promise<Measured> {
  const send = poster(target, CONCURRENCY * 2);
  if (warm) await closedLoop(send, target.expect, CONCURRENCY, 2);
  const meter = cpuMeter({
    server: () => processCpuMs(serverPid),
    postgres: () => treeCpuMs(postgresPid),
    load: () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    },
  });
  const closed = await closedLoop(send, target.expect, CONCURRENCY, SECONDS);
  const used = meter.stop();
  const per = (x: number) => x / Math.max(1, closed.requests);
  await new Promise((r) => setTimeout(r, 1000));
  const open = await openLoop(send, target.expect, RATE, SECONDS);
  return {
    closed,
    open,
    cpu: { server: per(used.server), postgres: per(used.postgres), load: per(used.load) },
  };
}

const row = (name: string, r: LoadResult) =>
  `${name.padEnd(36)} ${r.perSecond.toFixed(1).padStart(8)}/s  p50 ${ms(r.p50).padStart(9)}  p99 ${ms(r.p99).padStart(9)}  errors ${r.errors}`;
const cpuRow = (name: string, c: Measured['cpu']) =>
  `${name.padEnd(36)} CPU per report: server ${c.server.toFixed(2)} ms, PostgreSQL ${c.postgres.toFixed(2)} ms, load ${c.load.toFixed(2)} ms`;

async function main(): Promise<void> {
  const stack = await startBenchStack();
  try {
    const apiPort = await freePort();
    const apiDb = await stack.database('bench_api');
    const sizes = new Client({ connectionString: apiDb });
    await sizes.connect();
    const footprint = async () =>
      (
        await sizes.query(
          `SELECT pg_database_size(current_database())::float8 AS bytes,
                  pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::float8 AS wal,
                  (SELECT count(*)::float8 FROM incidents) AS reports`,
        )
      ).rows[0] as { bytes: number; wal: number; reports: number };
    const api = await stack.start(join(DIST_SRC, 'main.js'), {
      ...stack.env(apiDb),
      PORT: String(apiPort),
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      DATABASE_POOL_SIZE: String(POOL),
      // `DATABASE_NAMED_STATEMENTS=false npm run bench:intake` measures the API as behind a pooler.
      ...(process.env.DATABASE_NAMED_STATEMENTS
        ? { DATABASE_NAMED_STATEMENTS: process.env.DATABASE_NAMED_STATEMENTS }
        : {}),
    });
    await waitHealthy(apiPort);
    const token = await signIn(apiPort, 'nurse@demo.medguard.kz', 'Staff-demo-2026!');

    const baselineDb = await stack.database('bench_baseline');
    const client = new Client({ connectionString: baselineDb });
    await client.connect();
    const ruleSetId = (
      (await client.query('SELECT id FROM classification_rule_sets WHERE version = 1')).rows[0] as {
        id: string;
      }
    ).id;
    await client.end();
    const basePort = await freePort();
    const baseline = await stack.start(
      join(__dirname, 'baseline-server.js'),
      {
        DATABASE_URL: baselineDb,
        PORT: String(basePort),
        POOL: String(POOL),
        REPORTER_ID: seedId('user:nurse@demo.medguard.kz'),
        RULE_SET_ID: ruleSetId,
        POST_ID: DEMO_IDS.centralPost,
      },
      'baseline ready',
    );
    const serviceTarget: Target = {
      port: apiPort,
      path: '/api/v1/incidents',
      headers: { authorization: `Bearer ${token}` },
      body,
      expect: 201,
    };
    const baselineTarget: Target = {
      port: basePort,
      path: '/incidents',
      headers: {},
      body,
      expect: 201,
    };

    process.stdout.write(
      `intake benchmark, ${new Date().toISOString().slice(0, 10)}: ${RUNS} runs of ${SECONDS} s sustained with ${CONCURRENCY} concurrent clients, then ${RATE} creates/s fixed rate, service and baseline taking turns; ${POOL} database connections per process\n`,
    );
    const ratios: number[] = [];
    const startedWith = await footprint();
    let serviceWal = 0;
    const runs: Array<{ service: Measured; floor: Measured }> = [];
    for (let run = 1; run <= RUNS; run++) {
      const walBefore = (await footprint()).wal;
      const service = await measure(serviceTarget, api.pid!, stack.postgresPid(), run === 1);
      serviceWal += (await footprint()).wal - walBefore;
      const floor = await measure(baselineTarget, baseline.pid!, stack.postgresPid(), run === 1);
      runs.push({ service, floor });
      const ratio = service.closed.perSecond / floor.closed.perSecond;
      if (service.closed.errors + floor.closed.errors === 0) ratios.push(ratio);
      process.stdout.write(
        [
          `run ${run}`,
          row(`  service, sustained`, service.closed),
          row(`  baseline node:http + pg, sustained`, floor.closed),
          row(`  service at ${RATE}/s`, service.open),
          row(`  baseline at ${RATE}/s`, floor.open),
          cpuRow('  service', service.cpu),
          cpuRow('  baseline', floor.cpu),
          `  throughput ratio service/baseline: ${(ratio * 100).toFixed(0)}%`,
        ].join('\n') + '\n',
      );
    }
    const endedWith = await footprint();
    await sizes.end();
    const filed = endedWith.reports - startedWith.reports;
    const med = (pick: (r: { service: Measured; floor: Measured }) => number) =>
      median(runs.map(pick));
    const ratio = median(ratios);
    const p99 = med((r) => r.service.open.p99);
    const lines = [
      `median of ${RUNS} runs`,
      `  sustained: service ${med((r) => r.service.closed.perSecond).toFixed(0)}/s, baseline ${med((r) => r.floor.closed.perSecond).toFixed(0)}/s`,
      `  CPU per report, service: server ${med((r) => r.service.cpu.server).toFixed(2)} ms, PostgreSQL ${med((r) => r.service.cpu.postgres).toFixed(2)} ms`,
      `  CPU per report, baseline: server ${med((r) => r.floor.cpu.server).toFixed(2)} ms, PostgreSQL ${med((r) => r.floor.cpu.postgres).toFixed(2)} ms`,
      ratios.length < runs.length
        ? `  ${runs.length - ratios.length} run(s) had errors and are left out of the ratio`
        : '',
      `  PostgreSQL per report: ${((endedWith.bytes - startedWith.bytes) / filed / 1024).toFixed(1)} KiB of database (rows and indexes, ${filed} reports), ${(serviceWal / filed / 1024).toFixed(1)} KiB of WAL`,
      `  throughput ratio service/baseline: ${(ratio * 100).toFixed(0)}% (runs: ${ratios.map((r) => `${(r * 100).toFixed(0)}%`).join(', ')}; target >= 80%) ${ratio >= 0.8 ? 'pass' : 'FAIL'}`,
      `  service p99 at ${RATE}/s: ${ms(p99)} (target < 50 ms) ${p99 < 50 ? 'pass' : 'FAIL'}`,
    ].filter(Boolean);
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
