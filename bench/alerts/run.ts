/**
 * Alert latency benchmark: files incidents at a steady rate through the API while the worker
 * delivers their alerts to a local webhook receiver, pushes them to an officer's device
 * subscribed at a local push service, and texts the officer on shift through a local SMSC; it
 * prints the time from each incident being written to its webhook arriving, its push arriving and
 * its SMS being submitted (p50/p95/p99). The start is the incident's `createdAt` (the filing
 * transaction's start), so the figures slightly overstate commit → receipt.
 *
 *   npm run bench:alerts -- [--runs 5] [--rate 50] [--seconds 20] [--warmup 10]
 *
 * Each run files at the rate for the given seconds on the same stack; it prints each run and the
 * medians. A warm-up at the same rate goes first and is not counted: the processes have compiled
 * their hot paths and opened their connections, as a long-running deployment has.
 */
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DEMO_IDS } from '../../seeds/demo';
import { cpuMeter, machineBusyMs, processCpuMs, treeCpuMs } from '../lib/cpu';
import { benchReport } from '../lib/report';
import { intArg } from '../../src/cli/cli-runner';
import { freePort } from '../../src/local/services';
import { openLoop, ms } from '../lib/load';
import { startPushReceiver } from '../lib/push-receiver';
import { DIST_SRC, median, percentile, signIn, startBenchStack, waitHealthy } from '../lib/stack';
import { demoOfficerOnShift, startBenchSmsc } from './sms-receiver';
import { webhookStages } from './stages';

const args = process.argv.slice(2);
const RATE = intArg(args, 'rate', 50);
const SECONDS = intArg(args, 'seconds', 20);
const RUNS = intArg(args, 'runs', 5);
const WARMUP = intArg(args, 'warmup', 10);
const SECRET = 'whsec_' + Buffer.from('benchmark receiver secret bytes!').toString('base64');

async function main(): Promise<void> {
  const arrivals = new Map<string, number>();
  const receiver = createServer((req, res) => {
    const id = String(req.headers['webhook-id']).replace(/^alert_/, '');
    if (!arrivals.has(id)) arrivals.set(id, Date.now());
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
  const receiverPort = (receiver.address() as AddressInfo).port;

  const smsc = await startBenchSmsc();
  const push = await startPushReceiver();
  const stack = await startBenchStack();
  try {
    const env = {
      ...stack.env(await stack.database('bench_alerts')),
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...smsc.env,
      ...push.env,
    };
    const apiPort = await freePort();
    const api = await stack.start(join(DIST_SRC, 'main.js'), { ...env, PORT: String(apiPort) });
    const worker = await stack.start(join(DIST_SRC, 'worker.js'), {
      ...env,
      WORKER_METRICS_PORT: String(await freePort()),
    });
    await waitHealthy(apiPort);
    const admin = await signIn(apiPort, 'admin@demo.medguard.kz', 'Admin-demo-2026!');
    await fetch(`http://127.0.0.1:${apiPort}/api/v1/police-posts/${DEMO_IDS.centralPost}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({
        webhookUrl: `http://127.0.0.1:${receiverPort}/hook`,
        webhookSecret: SECRET,
      }),
    });
    await demoOfficerOnShift(apiPort, admin);
    const officer = await signIn(apiPort, 'police@demo.medguard.kz', 'Police-demo-2026!');
    await fetch(`http://127.0.0.1:${apiPort}/api/v1/push-subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${officer}` },
      body: JSON.stringify(push.subscription),
    });
    const nurse = await signIn(apiPort, 'nurse@demo.medguard.kz', 'Staff-demo-2026!');
    process.stdout.write(
      `alert benchmark, ${new Date().toISOString().slice(0, 10)}: ${RUNS} runs of ${RATE} incidents/s for ${SECONDS} s\n`,
    );
    const runs: Run[] = [];
    for (let run = WARMUP > 0 ? 0 : 1; run <= RUNS; run++) {
      const filed = new Map<string, number>();
      const file = async () => {
        const res = await fetch(`http://127.0.0.1:${apiPort}/api/v1/incidents`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${nurse}` },
          body: JSON.stringify(benchReport('Alert benchmark report.')),
        });
        const incident = (await res.json()) as {
          createdAt: string;
          alerts: Array<{ id: string }>;
        };
        for (const alert of incident.alerts ?? [])
          filed.set(alert.id, Date.parse(incident.createdAt));
        return res.status;
      };
      const meter = cpuMeter({
        api: () => processCpuMs(api.pid!),
        worker: () => processCpuMs(worker.pid!),
        postgres: () => treeCpuMs(stack.postgresPid()),
        'load and receivers': () => {
          const { user, system } = process.cpuUsage();
          return (user + system) / 1000;
        },
        machine: machineBusyMs,
      });
      const started = Date.now();
      await openLoop(file, 201, RATE, run === 0 ? WARMUP : SECONDS);
      const used = meter.stop();
      const wall = Date.now() - started;
      const deadline = Date.now() + 30_000;
      const arrived = (id: string) =>
        arrivals.has(id) && push.arrivalOf(id) !== undefined && smsc.arrivals.has(id);
      while ([...filed.keys()].some((id) => !arrived(id)) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      const result: Run = {
        alerts: filed.size,
        webhook: channel(filed, (id) => arrivals.get(id)),
        push: channel(filed, (id) => push.arrivalOf(id)),
        sms: channel(filed, (id) => smsc.arrivals.get(id)),
      };
      if (run === 0) {
        process.stdout.write(`warm-up: ${result.alerts} alerts in ${WARMUP} s, not counted\n`);
        continue;
      }
      runs.push(result);
      process.stdout.write(
        [
          `run ${run}: ${result.alerts} alerts`,
          line('  incident written -> webhook received', result.webhook, result.alerts),
          line('  incident written -> push received', result.push, result.alerts),
          line('  incident written -> SMS submitted', result.sms, result.alerts),
          ...(await webhookStages(env, filed, (id) => arrivals.get(id))),
          `  cores busy while filing: ${Object.entries(used)
            .map(([name, cpu]) => `${name} ${(cpu / wall).toFixed(2)}`)
            .join(', ')} (of ${cpus().length})`,
        ].join('\n') + '\n',
      );
      await new Promise((r) => setTimeout(r, 2000));
    }
    const med = (c: keyof Omit<Run, 'alerts'>, q: keyof Latencies) =>
      median(runs.map((r) => r[c][q]));
    const lost = runs.reduce((n, r) => n + r.alerts * 3 - r.webhook.n - r.push.n - r.sms.n, 0);
    const lines = [`median of ${RUNS} runs (p99 target < 100 ms for each channel)`];
    for (const c of ['webhook', 'push', 'sms'] as const) {
      const p99 = med(c, 'p99');
      lines.push(
        `  ${c.padEnd(8)} p50 ${ms(med(c, 'p50'))}  p95 ${ms(med(c, 'p95'))}  p99 ${ms(p99)}  ${p99 < 100 ? 'pass' : 'FAIL'}`,
      );
    }
    lines.push(`  deliveries missing after 30 s: ${lost} ${lost === 0 ? 'pass' : 'FAIL'}`);
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await stack.stop();
    receiver.close();
    await smsc.close();
    push.close();
  }
}

interface Latencies {
  /** How many arrived. */
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

interface Run {
  alerts: number;
  webhook: Latencies;
  push: Latencies;
  sms: Latencies;
}

/** Incident written → arrival at a channel's receiver, for the alerts that arrived. */
function channel(
  filed: Map<string, number>,
  arrival: (id: string) => number | undefined,
): Latencies {
  const latencies = [...filed]
    .map(([id, at]) => (arrival(id) ?? NaN) - at)
    .filter((x) => !Number.isNaN(x))
    .sort((a, b) => a - b);
  return {
    n: latencies.length,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    max: latencies[latencies.length - 1] ?? NaN,
  };
}

const line = (name: string, l: Latencies, alerts: number) =>
  `${name.padEnd(40)} p50 ${ms(l.p50)}  p95 ${ms(l.p95)}  p99 ${ms(l.p99)}  max ${ms(l.max)}  (${alerts - l.n} missing)`;

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
