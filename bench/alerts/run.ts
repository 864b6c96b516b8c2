/**
 * Alert latency benchmark: files incidents at a steady rate through the API while the worker
 * delivers their alerts to a local webhook receiver, pushes them to an officer's device
 * subscribed at a local push service, and texts the officer on shift through a local SMSC; it
 * prints the time from each incident being written to its webhook arriving, its push arriving and
 * its SMS being submitted (p50/p95/p99). The start is the incident's `createdAt` (the filing
 * transaction's start), so the figures slightly overstate commit → receipt.
 *
 *   npm run bench:alerts -- [--rate 50] [--seconds 20]
 */
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DEMO_IDS } from '../../seeds/demo';
import { benchReport } from '../lib/report';
import { intArg } from '../../src/cli/cli-runner';
import { freePort } from '../../src/local/services';
import { openLoop, ms } from '../lib/load';
import { startPushReceiver } from '../lib/push-receiver';
import { DIST_SRC, percentile, signIn, startBenchStack, waitHealthy } from '../lib/stack';
import { demoOfficerOnShift, startBenchSmsc } from './sms-receiver';

const args = process.argv.slice(2);
const RATE = intArg(args, 'rate', 50);
const SECONDS = intArg(args, 'seconds', 20);
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
    await stack.start(join(DIST_SRC, 'main.js'), { ...env, PORT: String(apiPort) });
    await stack.start(join(DIST_SRC, 'worker.js'), {
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
    const filed = new Map<string, number>();
    const file = async () => {
      const res = await fetch(`http://127.0.0.1:${apiPort}/api/v1/incidents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${nurse}` },
        body: JSON.stringify(benchReport('Alert benchmark report.')),
      });
      const incident = (await res.json()) as { createdAt: string; alerts: Array<{ id: string }> };
      for (const alert of incident.alerts ?? [])
        filed.set(alert.id, Date.parse(incident.createdAt));
      return res.status;
    };
    await openLoop(file, 201, RATE, SECONDS);
    const deadline = Date.now() + 30_000;
    const arrived = (id: string) =>
      arrivals.has(id) && push.arrivalOf(id) !== undefined && smsc.arrivals.has(id);
    while ([...filed.keys()].some((id) => !arrived(id)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));

    const latencies = [...filed]
      .filter(([id]) => arrivals.has(id))
      .map(([id, at]) => arrivals.get(id)! - at)
      .sort((a, b) => a - b);
    const missing = filed.size - latencies.length;
    const pushed = [...filed]
      .filter(([id]) => push.arrivalOf(id) !== undefined)
      .map(([id, at]) => push.arrivalOf(id)! - at)
      .sort((a, b) => a - b);
    process.stdout.write(
      [
        `alert benchmark: ${RATE} incidents/s for ${SECONDS}s, ${filed.size} alerts, ${missing} not received within 30 s after`,
        `incident written -> webhook received: p50 ${ms(percentile(latencies, 0.5))}  p95 ${ms(percentile(latencies, 0.95))}  p99 ${ms(percentile(latencies, 0.99))}  max ${ms(latencies[latencies.length - 1] ?? NaN)}`,
        `incident written -> push received:    p50 ${ms(percentile(pushed, 0.5))}  p95 ${ms(percentile(pushed, 0.95))}  p99 ${ms(percentile(pushed, 0.99))}  max ${ms(pushed[pushed.length - 1] ?? NaN)}  (${filed.size - pushed.length} not received)`,
        smsLine(filed, smsc.arrivals),
        `targets: p50 < 50 ms, p99 < 250 ms (webhook); p99 < 250 ms (push received, SMS submitted)`,
      ].join('\n') + '\n',
    );
  } finally {
    await stack.stop();
    receiver.close();
    await smsc.close();
    push.close();
  }
}

/** Incident written → text accepted by the local SMSC, for the alerts that reached it. */
function smsLine(filed: Map<string, number>, texts: Map<string, number>): string {
  const latencies = [...filed]
    .filter(([id]) => texts.has(id))
    .map(([id, at]) => texts.get(id)! - at)
    .sort((a, b) => a - b);
  return (
    `incident written -> SMS submitted:    p50 ${ms(percentile(latencies, 0.5))}  p95 ${ms(percentile(latencies, 0.95))}  p99 ${ms(percentile(latencies, 0.99))}` +
    `  max ${ms(latencies[latencies.length - 1] ?? NaN)}  (${filed.size - latencies.length} not texted)`
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
