import { ChildProcess } from 'node:child_process';
import { freePort } from '../src/local/services';
import { eventually } from './support/alert-stack';
import { report } from './support/incidents';
import { OwnRedis, spawnWorker, stopChild } from './support/own-redis';
import { bearer, startTestApp, TestApp } from './support/test-app';
import { pointCentralPostWebhookAt, WebhookReceiver } from './support/webhook-receiver';

/**
 * What must survive: Redis going away while reports are filed, Redis restarting under an idle
 * worker, and a worker asked to stop with deliveries in flight (a worker killed mid-delivery:
 * faults-worker-kill.e2e-spec.ts). Redis here is this file's own (with an append-only file, as
 * in production) so it can be stopped; the worker is a real process so it can be signalled.
 */
describe('alert delivery survives failures', () => {
  const receiver = new WebhookReceiver();
  const redis = new OwnRedis();
  let t: TestApp;
  let worker: ChildProcess;
  let nurse: string;
  let metricsPort: number;

  const startOwnRedis = () => redis.start();
  const startWorker = () => {
    worker = spawnWorker(t.databaseUrl, redis, { WORKER_METRICS_PORT: String(metricsPort) });
  };
  const file = () => t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report());
  const deliveredCount = async (ids: string[]) =>
    Number(
      (
        await t.db.query(
          `SELECT count(*) AS n FROM alerts WHERE id = ANY($1) AND status = 'delivered'`,
          [ids],
        )
      )[0].n,
    );

  beforeAll(async () => {
    metricsPort = await freePort();
    await startOwnRedis();
    t = await startTestApp({ ...redis.settings, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    const url = await receiver.start();
    await pointCentralPostWebhookAt(t, url);
    nurse = await t.login('nurse@demo.medguard.kz');
    startWorker();
  });
  afterAll(async () => {
    await stopChild(worker, 10000);
    await t.close();
    await redis.remove();
    await receiver.stop();
  });

  it('files 20 reports while Redis is down and delivers each exactly once when it returns', async () => {
    await redis.stop();
    const filed = await Promise.all(Array.from({ length: 20 }, file));
    expect(filed.map((r) => r.status)).toEqual(Array(20).fill(201));
    const ids = filed.map((r) => r.body.alerts[0].id as string);
    await new Promise((r) => setTimeout(r, 1000));
    expect(
      receiver.received.filter((r) => ids.includes(String(r.headers['webhook-id']).slice(6))),
    ).toEqual([]);

    await startOwnRedis();
    expect(
      await eventually(
        () => deliveredCount(ids),
        (n) => n === 20,
        30000,
      ),
    ).toBe(20);
    const got = receiver.ids().filter((id) => ids.includes(id.slice(6)));
    expect(got).toHaveLength(20);
    expect(new Set(got).size).toBe(20);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/alert_delivery_latency_seconds_count\{channel="webhook"\} \d+/);
    expect(
      Number(/alert_delivery_latency_seconds_count\{channel="webhook"\} (\d+)/.exec(metrics)![1]),
    ).toBeGreaterThanOrEqual(20);
  }, 60000);

  it('still delivers within seconds after Redis restarts under an idle worker', async () => {
    await new Promise((r) => setTimeout(r, 1000));
    await redis.stop();
    // Longer than the worker's blocking wait for new jobs.
    await new Promise((r) => setTimeout(r, 7000));
    await startOwnRedis();
    await new Promise((r) => setTimeout(r, 1000));
    const started = Date.now();
    const filed = await file();
    const id = filed.body.alerts[0].id as string;
    expect(
      await eventually(
        () => deliveredCount([id]),
        (n) => n === 1,
        15000,
      ),
    ).toBe(1);
    expect(Date.now() - started).toBeLessThan(15000);
  }, 40000);

  it('finishes the deliveries it holds when asked to stop (SIGTERM)', async () => {
    receiver.answerAfter(2000);
    const before = receiver.received.length;
    const filed = await file();
    const id = filed.body.alerts[0].id as string;
    await receiver.waitFor(before + 1);
    const exited = new Promise<string>((done) =>
      worker.once('exit', (code, signal) => done(signal ?? `code ${code}`)),
    );
    const asked = Date.now();
    worker.kill('SIGTERM');
    // Nest re-raises the signal once it has closed everything: the process ends by SIGTERM, not a crash.
    expect(await exited).toBe('SIGTERM');
    expect(Date.now() - asked).toBeGreaterThan(1000);
    expect(await deliveredCount([id])).toBe(1);
    receiver.answerAfter(0);
    startWorker();
  }, 30000);
});
