import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { eventually } from './support/alert-stack';
import { fileIncident } from './support/incidents';
import { OwnRedis, stopChild } from './support/own-redis';
import { appEnv, DIST } from './support/run-node';
import { alertIdsOf, Answer, fileSteadily } from './support/steady-load';
import { startTestApp, TestApp } from './support/test-app';
import { pointCentralPostWebhookAt, WebhookReceiver } from './support/webhook-receiver';

const OUTAGE_MS = 30000;
const BEFORE_MS = 2000;
const AFTER_MS = 3000;

/**
 * Redis (this file's own, with its append-only file) is stopped for 30 s while reports arrive at
 * 10 a second from concurrent clients, then started again on the same port and data. Reports are
 * committed with their alerts and outbox entries in PostgreSQL, so filing must not notice; the
 * alerts wait in the outbox and reach the police post once Redis is back.
 */
describe('filing reports while Redis is stopped for 30 s', () => {
  const redis = new OwnRedis();
  const receiver = new WebhookReceiver();
  let t: TestApp;
  let worker: ChildProcess;
  /** Everything the worker writes: an operator's log pipeline reads it as JSON lines. */
  let workerOutput = '';

  beforeAll(async () => {
    await redis.start();
    t = await startTestApp({ ...redis.settings, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    await pointCentralPostWebhookAt(t, await receiver.start());
    worker = spawn(process.execPath, [join(DIST, 'worker.js')], {
      env: appEnv({
        ...redis.settings,
        DATABASE_URL: t.databaseUrl,
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        OUTBOX_POLL_MS: '300',
        ALERT_SWEEP_MS: '1000',
        WORKER_METRICS_PORT: '0',
        LOG_LEVEL: 'warn',
      }) as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => (workerOutput += chunk.toString());
    worker.stdout!.on('data', collect);
    worker.stderr!.on('data', collect);
  });
  afterAll(async () => {
    if (worker) await stopChild(worker, 10000);
    await t?.close();
    await Promise.all([redis.remove(), receiver.stop()]);
  });

  it('answers 201 to every report, signs staff in, and delivers every alert once Redis returns', async () => {
    const token = await t.login('nurse@demo.medguard.kz');
    // The worker is up and delivering before the fault begins.
    await fileIncident(t);
    expect(await receiver.waitFor(1, 20000)).toHaveLength(1);

    const startedAt = Date.now();
    const outage = { from: 0, to: 0 };
    const during: Record<string, { status: number; ms: number; body?: unknown }> = {};
    const load = fileSteadily(t, token, {
      perSecond: 10,
      seconds: (BEFORE_MS + OUTAGE_MS + AFTER_MS) / 1000,
      startedAt,
      // However long stopping Redis took, reports go on arriving for AFTER_MS once it is started.
      until: () => outage.to > 0 && Date.now() - startedAt > outage.to + AFTER_MS,
    });
    const fault = (async () => {
      await new Promise((r) => setTimeout(r, BEFORE_MS));
      await redis.stop();
      outage.from = Date.now() - startedAt;
      await new Promise((r) => setTimeout(r, OUTAGE_MS / 2));
      // Signing in stays possible without the throttle's counts: staff are not locked out.
      let at = Date.now();
      const login = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'paramedic@demo.medguard.kz', password: 'Staff-demo-2026!' })
        .timeout(15000);
      during.login = { status: login.status, ms: Date.now() - at };
      at = Date.now();
      const ready = await t.http().get('/health/ready').timeout(15000);
      during.ready = { status: ready.status, ms: Date.now() - at, body: ready.body };
      await new Promise((r) => setTimeout(r, startedAt + outage.from + OUTAGE_MS - Date.now()));
      outage.to = Date.now() - startedAt;
      await redis.start();
    })();
    const [answers] = await Promise.all([load, fault]);

    const summary = (list: Answer[]) =>
      list.map((a) => `${a.sentAt}ms→${a.status} in ${a.doneAt - a.sentAt}ms`).join(', ');
    const inOutage = answers.filter((a) => a.sentAt > outage.from && a.doneAt < outage.to);
    expect(inOutage.length).toBeGreaterThan(250);
    // Filing does not wait for Redis: every report is taken, promptly, while it is away.
    expect(summary(answers.filter((a) => a.status !== 201))).toBe('');
    expect(summary(answers.filter((a) => a.doneAt - a.sentAt > 5000))).toBe('');
    expect(during.login).toEqual({ status: 200, ms: expect.any(Number) });
    expect(during.login.ms).toBeLessThan(2000);
    expect(during.ready).toMatchObject({
      status: 503,
      body: { info: { postgres: { status: 'up' } }, failed: { redis: { status: 'down' } } },
    });
    expect(during.ready.ms).toBeLessThan(5000);

    // Every alert of every report arrives once Redis is back.
    const alertIds = alertIdsOf(answers);
    expect(alertIds.length).toBe(answers.length);
    const expected = new Set(alertIds.map((id) => `alert_${id}`));
    const got = await eventually(
      async () => new Set(receiver.ids()),
      (ids) => [...expected].every((id) => ids.has(id)),
      40000,
    );
    expect([...expected].filter((id) => !got.has(id))).toEqual([]);

    // A delivery made twice carries the same webhook-id (and body), so the receiver can drop it.
    const first = new Map<string, string>();
    for (const r of receiver.received.slice(1)) {
      const id = String(r.headers['webhook-id']);
      expect(expected.has(id)).toBe(true);
      const payload = JSON.stringify({ ...JSON.parse(r.body), link: undefined });
      expect(first.get(id) ?? payload).toBe(payload);
      first.set(id, payload);
    }
    const undelivered = await eventually(
      () =>
        t.db.query(`SELECT id FROM alerts WHERE delivered_at IS NULL AND id = ANY($1::uuid[])`, [
          alertIds,
        ]),
      (rows) => rows.length === 0,
      10000,
    );
    expect(undelivered).toEqual([]);

    // The outage is in the worker's log as JSON entries, never as raw error dumps around them.
    const lines = workerOutput.split('\n').filter(Boolean);
    const notJson = lines.filter((line) => {
      try {
        return typeof JSON.parse(line) !== 'object';
      } catch {
        return true;
      }
    });
    expect(notJson.slice(0, 10)).toEqual([]);
  }, 90000);
});
