/**
 * Soak: the whole system under a steady mix for minutes on end, to show it holds — no 5xx, every
 * alert delivered, and the API's and worker's memory and open descriptors flat after warm-up.
 *
 *   npm run bench:soak -- [--minutes 10] [--warmup 1]
 *
 * The mix: 20 reports/s (each alerting the Central City Clinical Hospital's post, whose webhook
 * receiver fails 10% of requests), 2 footage uploads/s of 5–50 MB, 5 statistics requests/s, and 5
 * police consoles that reconnect every minute. Every minute it prints that minute's traffic and,
 * for the API and worker processes, the median resident memory, the lowest heap in use (what
 * survives collection) and the median open descriptors, in all and outside the connection pools;
 * at the end, each minute's descriptors by kind, throughput and p50/p99 per endpoint, alert
 * delivery latency, error counts, and each target with pass or fail: heap and descriptors outside
 * the pools within 10% of the warm-up's level, and every pool within its bound.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEMO_IDS } from '../../seeds/demo';
import { benchReport } from '../lib/report';
import { intArg } from '../../src/cli/cli-runner';
import { freePort } from '../../src/local/services';
import { ms } from '../lib/load';
import { DIST_SRC, percentile, signIn, startBenchStack, waitHealthy } from '../lib/stack';
import { Endpoint } from '../lib/endpoint';
import { Consoles, FlakyReceiver, footageUploader, json, pace } from './traffic';
import { describe, MinuteOfProcess, Peers, ProcessWatch } from './processes';

const args = process.argv.slice(2);
const MINUTES = Math.max(1, intArg(args, 'minutes', 10));
const WARMUP = Math.min(intArg(args, 'warmup', 1), MINUTES - 1);
const MINUTE_MS = 60_000;
/** How long alerts still undelivered when the load stops may take to arrive (retries back off). */
const DRAIN_MS = 90_000;
const SECRET = 'whsec_' + Buffer.from('soak benchmark receiver secret!!').toString('base64');
const GROUPINGS = ['region', 'facility', 'facilityType', 'category', 'victimRole'];

/** How often within a minute the processes are measured; each minute reports the medians. */
const PROBE_MS = 5_000;
const METRICS_TOKEN = 'soak-benchmark-metrics-token';
/**
 * What bounds each pooled kind of connection: the database pool (plus the outbox relay's one
 * LISTEN connection, in every process that runs the relay), the AWS SDK's agent (50 sockets), and
 * the worker's delivery slots.
 */
const DB_POOL = 20;
const POOL_BOUNDS: Record<string, number> = { postgres: DB_POOL + 1, s3: 50, webhook: 128 };

interface Sample {
  minute: number;
  api: MinuteOfProcess;
  worker: MinuteOfProcess;
}

const portOf = (url: string) => Number(new URL(url).port);
const growth = (from: number, to: number) => (to - from) / from;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function main(): Promise<void> {
  const receiver = new FlakyReceiver();
  const hookUrl = await receiver.start();
  const stack = await startBenchStack();
  let consoles: Consoles | null = null;
  try {
    const env: Record<string, string> = {
      ...stack.env(await stack.database('bench_soak')),
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      LOG_LEVEL: 'warn',
      METRICS_TOKEN,
      DATABASE_POOL_SIZE: String(DB_POOL),
    };
    const port = await freePort();
    const api = await stack.start(join(DIST_SRC, 'main.js'), { ...env, PORT: String(port) });
    const workerMetricsPort = await freePort();
    const worker = await stack.start(join(DIST_SRC, 'worker.js'), {
      ...env,
      WORKER_METRICS_PORT: String(workerMetricsPort),
    });
    await waitHealthy(port);
    const admin = await signIn(port, 'admin@demo.medguard.kz', 'Admin-demo-2026!');
    const pointed = await json(
      port,
      'PATCH',
      `/api/v1/police-posts/${DEMO_IDS.centralPost}`,
      admin,
      {
        webhookUrl: hookUrl,
        webhookSecret: SECRET,
      },
    );
    if (pointed.status !== 200) throw new Error(`pointing the webhook failed: ${pointed.status}`);
    const [nurse, safety, ministry, police] = await Promise.all([
      signIn(port, 'nurse@demo.medguard.kz', 'Staff-demo-2026!'),
      signIn(port, 'safety@demo.medguard.kz', 'Facility-demo-2026!'),
      signIn(port, 'ministry@demo.medguard.kz', 'Ministry-demo-2026!'),
      signIn(port, 'police@demo.medguard.kz', 'Police-demo-2026!'),
    ]);

    const reports = new Endpoint('POST /incidents', 201);
    const uploads = new Endpoint('POST /footage', 201);
    const stats = new Endpoint('GET /stats/monthly', 200);
    const endpoints = [reports, uploads, stats];
    /** Alert id → when its incident was written. */
    const alerts = new Map<string, number>();
    const month = new Date().toISOString().slice(0, 7);
    let n = 0;

    const fileReport = async () => {
      const res = await json(
        port,
        'POST',
        '/api/v1/incidents',
        nurse,
        benchReport('Soak benchmark report.'),
      );
      const body = res.body as { createdAt?: string; alerts?: Array<{ id: string }> };
      for (const alert of body.alerts ?? []) alerts.set(alert.id, Date.parse(body.createdAt!));
      return res.status;
    };
    const upload = footageUploader(port, safety);
    const readStats = async () =>
      (
        await json(
          port,
          'GET',
          `/api/v1/stats/monthly?month=${month}&groupBy=${GROUPINGS[n++ % GROUPINGS.length]}`,
          ministry,
        )
      ).status;

    const peers: Peers = {
      postgres: portOf(env.DATABASE_URL),
      redis: portOf(env.REDIS_URL),
      s3: portOf(env.S3_ENDPOINT),
      webhook: portOf(hookUrl),
    };
    const watches = {
      api: new ProcessWatch(
        api.pid!,
        `http://127.0.0.1:${port}/metrics`,
        METRICS_TOKEN,
        peers,
        port,
      ),
      worker: new ProcessWatch(
        worker.pid!,
        `http://127.0.0.1:${workerMetricsPort}/metrics`,
        undefined,
        peers,
      ),
    };
    const samples: Sample[] = [];
    const probe = () => Promise.all([watches.api.probe(), watches.worker.probe()]);
    const sample = async (minute: number) => {
      const [a, w] = await Promise.all([watches.api.minute(), watches.worker.minute()]);
      samples.push({ minute, api: a, worker: w });
    };
    const breakdowns: string[] = [];
    const out = (line: string) => process.stdout.write(line + '\n');
    out(
      `soak: ${MINUTES} min (${WARMUP} warm-up): 20 reports/s, 2 uploads/s of 5-50 MB, 5 statistics/s, 5 consoles reconnecting every minute, webhook failing 10%`,
    );
    out(
      `${'min'.padStart(3)} ${'reports/s'.padStart(9)} ${'p99'.padStart(10)} ${'uploads/s'.padStart(9)} ${'p99'.padStart(10)} ${'stats/s'.padStart(7)} ${'p99'.padStart(10)} ${'5xx'.padStart(4)} ${'other'.padStart(5)} ${'alerts rcvd'.padStart(13)} ${'API RSS'.padStart(8)} ${'heap'.padStart(5)} ${'fds'.padStart(4)} ${'fixed'.padStart(5)} ${'worker RSS'.padStart(10)} ${'heap'.padStart(5)} ${'fds'.padStart(4)} ${'fixed'.padStart(5)}`,
    );
    await sample(0);

    consoles = new Consoles(port, police);
    consoles.start(5, MINUTE_MS);
    const start = performance.now();
    const endAt = start + MINUTES * MINUTE_MS;
    const load = Promise.all([
      pace(reports, 20, endAt, 200, fileReport),
      pace(uploads, 2, endAt, 8, upload),
      pace(stats, 5, endAt, 50, readStats),
    ]);
    let [seen5xx, seenOther] = [0, 0];
    for (let minute = 1; minute <= MINUTES; minute++) {
      const minuteEnd = start + minute * MINUTE_MS;
      while (performance.now() < minuteEnd) {
        await new Promise((r) => setTimeout(r, Math.min(PROBE_MS, minuteEnd - performance.now())));
        await probe();
      }
      await sample(minute);
      const s = samples[samples.length - 1];
      const window = endpoints.map((e) => e.sinceLastMinute().sort((a, b) => a - b));
      const [r, u, q] = window;
      const total5xx = endpoints.reduce((sum, e) => sum + e.serverErrors, 0);
      const totalOther = endpoints.reduce((sum, e) => sum + e.unexpected - e.serverErrors, 0);
      const [errors5xx, other] = [total5xx - seen5xx, totalOther - seenOther];
      [seen5xx, seenOther] = [total5xx, totalOther];
      out(
        `${String(minute).padStart(3)} ${(r.length / 60).toFixed(1).padStart(9)} ${ms(percentile(r, 0.99)).padStart(10)} ${(u.length / 60).toFixed(2).padStart(9)} ${ms(percentile(u, 0.99)).padStart(10)} ${(q.length / 60).toFixed(1).padStart(7)} ${ms(percentile(q, 0.99)).padStart(10)} ${String(errors5xx).padStart(4)} ${String(other).padStart(5)} ${`${receiver.delivered.size}/${alerts.size}`.padStart(13)} ${s.api.rssMiB.toFixed(0).padStart(8)} ${s.api.heapMiB.toFixed(0).padStart(5)} ${String(s.api.fds).padStart(4)} ${String(s.api.fixedFds).padStart(5)} ${s.worker.rssMiB.toFixed(0).padStart(10)} ${s.worker.heapMiB.toFixed(0).padStart(5)} ${String(s.worker.fds).padStart(4)} ${String(s.worker.fixedFds).padStart(5)}`,
      );
      breakdowns.push(`${String(minute).padStart(3)}  API: ${describe(s.api.last)}`);
      breakdowns.push(`${''.padStart(3)}  worker: ${describe(s.worker.last)}`);
    }
    await load;
    consoles.stop();
    const drainUntil = Date.now() + DRAIN_MS;
    const undelivered = () => [...alerts.keys()].filter((id) => !receiver.delivered.has(id));
    while (undelivered().length > 0 && Date.now() < drainUntil)
      await new Promise((r) => setTimeout(r, 500));

    const seconds = (performance.now() - start) / 1000;
    out('');
    out(
      `${'endpoint'.padEnd(20)} ${'requests'.padStart(8)} ${'per s'.padStart(6)} ${'p50'.padStart(10)} ${'p99'.padStart(10)} ${'5xx'.padStart(4)} ${'other'.padStart(5)} ${'skipped'.padStart(7)}  unexpected answers`,
    );
    for (const e of endpoints) {
      const sorted = [...e.latencies].sort((a, b) => a - b);
      out(
        `${e.name.padEnd(20)} ${String(e.count).padStart(8)} ${(e.count / (MINUTES * 60)).toFixed(2).padStart(6)} ${ms(percentile(sorted, 0.5)).padStart(10)} ${ms(percentile(sorted, 0.99)).padStart(10)} ${String(e.serverErrors).padStart(4)} ${String(e.unexpected - e.serverErrors).padStart(5)} ${String(e.skipped).padStart(7)}  ${e.unexpectedByStatus()}`,
      );
    }
    const latencies = [...alerts]
      .filter(([id]) => receiver.delivered.has(id))
      .map(([id, at]) => receiver.delivered.get(id)! - at)
      .sort((a, b) => a - b);
    out(
      `alerts: ${alerts.size} raised, ${latencies.length} delivered; incident written -> first 2xx at the receiver p50 ${ms(percentile(latencies, 0.5))}, p99 ${ms(percentile(latencies, 0.99))}; receiver answered ${receiver.requests} requests, ${receiver.failed} with 500`,
    );
    out(
      `consoles: ${consoles.connects} connections, ${consoles.events} events, ${consoles.failures} refused or broken; run ${seconds.toFixed(0)} s`,
    );

    out('');
    out(`descriptors at the end of each minute (client: connections the load holds open):`);
    for (const line of breakdowns) out(line);

    const base = samples[WARMUP];
    const last = samples[samples.length - 1];
    const total5xx = endpoints.reduce((sum, e) => sum + e.serverErrors, 0);
    const targets: Array<[string, string, boolean]> = [
      ['0 x 5xx', String(total5xx), total5xx === 0],
      [
        'every alert delivered',
        `${latencies.length}/${alerts.size}`,
        latencies.length === alerts.size,
      ],
    ];
    for (const [name, key] of [
      ['API', 'api'],
      ['worker', 'worker'],
    ] as const) {
      for (const [label, from, to] of [
        ['heap in use (lowest each minute) growth < 10%', base[key].heapMiB, last[key].heapMiB],
        [
          'descriptors outside connection pools growth < 10%',
          base[key].fixedFds,
          last[key].fixedFds,
        ],
      ] as Array<[string, number, number]>) {
        const g = growth(from, to);
        targets.push([
          `${name} ${label}`,
          `${from.toFixed(0)} -> ${to.toFixed(0)} (${pct(g)})`,
          g < 0.1,
        ]);
      }
      const peaks = Object.entries(POOL_BOUNDS).map(([kind, bound]) => {
        const peak = Math.max(...samples.map((s) => s[key].pooledMax[kind] ?? 0));
        return { kind, bound, peak };
      });
      targets.push([
        `${name} pooled connections within their bounds`,
        peaks.map((p) => `${p.kind} ${p.peak}/${p.bound}`).join(', '),
        peaks.every((p) => p.peak <= p.bound),
      ]);
    }
    const rss = (key: 'api' | 'worker') =>
      `${base[key].rssMiB.toFixed(0)} -> ${last[key].rssMiB.toFixed(0)} MiB (${pct(growth(base[key].rssMiB, last[key].rssMiB))})`;
    const info: Array<[string, string]> = [
      ['API resident memory (median each minute)', rss('api')],
      ['worker resident memory (median each minute)', rss('worker')],
    ];
    out('');
    out(`${'target'.padEnd(62)} ${'measured'.padEnd(30)} result`);
    for (const [label, measured, ok] of targets)
      out(`${label.padEnd(62)} ${measured.padEnd(30)} ${ok ? 'pass' : 'FAIL'}`);
    for (const [label, measured] of info) out(`${label.padEnd(62)} ${measured.padEnd(30)} info`);
  } finally {
    consoles?.stop();
    await stack.stop();
    await receiver.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
