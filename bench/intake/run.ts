/**
 * Intake benchmark: sustained report creation through the real API (auth, validation,
 * classification, routing, audit, all in one transaction) against a minimal node:http + pg
 * server inserting the same rows. Starts its own PostgreSQL, Redis and S3 server with throwaway
 * data, like the local stack.
 *
 *   npm run bench:intake -- [--seconds 10] [--concurrency 16] [--rate 100] [--pool 20]
 */
import { join } from 'node:path';
import { Client } from 'pg';
import { DEMO_IDS } from '../../seeds/demo';
import { seedId } from '../../seeds/seed-ids';
import { intArg } from '../../src/cli/cli-runner';
import { freePort, stopChild } from '../../src/local/services';
import { closedLoop, LoadResult, ms, openLoop, poster, Target } from '../lib/load';
import { DIST_SRC, signIn, startBenchStack, waitHealthy } from '../lib/stack';

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

async function measure(target: Target): Promise<{ closed: LoadResult; open: LoadResult }> {
  const send = poster(target, CONCURRENCY * 2);
  await closedLoop(send, target.expect, CONCURRENCY, 2); // warm-up
  const closed = await closedLoop(send, target.expect, CONCURRENCY, SECONDS);
  await new Promise((r) => setTimeout(r, 1000));
  const open = await openLoop(send, target.expect, RATE, SECONDS);
  return { closed, open };
}

async function main(): Promise<void> {
  const stack = await startBenchStack();
  try {
    const apiPort = await freePort();
    const api = await stack.start(join(DIST_SRC, 'main.js'), {
      ...stack.env(await stack.database('bench_api')),
      PORT: String(apiPort),
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      DATABASE_POOL_SIZE: String(POOL),
    });
    await waitHealthy(apiPort);
    const token = await signIn(apiPort, 'nurse@demo.medguard.kz', 'Staff-demo-2026!');
    const service = await measure({
      port: apiPort,
      path: '/api/v1/incidents',
      headers: { authorization: `Bearer ${token}` },
      body,
      expect: 201,
    });
    await stopChild(api, 10000);

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
    await stack.start(
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
      service.closed.errors + floor.closed.errors > 0
        ? 'throughput ratio not computed: a run had errors'
        : `throughput ratio service/baseline: ${((service.closed.perSecond / floor.closed.perSecond) * 100).toFixed(0)}% (target >= 60%)`,
      `service p99 at ${RATE}/s: ${ms(service.open.p99)} (target < 50 ms)`,
    ];
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
