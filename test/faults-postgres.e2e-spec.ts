import { ChildProcess } from 'node:child_process';
import { eventually } from './support/alert-stack';
import { fileIncident } from './support/incidents';
import { OwnPostgres } from './support/own-postgres';
import { OwnRedis, spawnWorker, stopChild, untilConsuming } from './support/own-redis';
import { alertIdsOf, Answer, fileSteadily, rowsPerIncident } from './support/steady-load';
import { startTestApp, TestApp } from './support/test-app';
import { pointCentralPostWebhookAt, WebhookReceiver } from './support/webhook-receiver';

/** Reports a second, each sent without waiting for the one before. */
const PER_SECOND = 10;
const OUTAGE_MS = 20000;
const BEFORE_MS = 3000;
/** How long reports go on arriving after the recovery time below has passed. */
const AFTER_MS = 4000;
/** How long the pool and the worker may take to find PostgreSQL again after it returns. */
const RECOVERY_MS = 2000;
/** By when, after PostgreSQL returns, every alert of a 201 is delivered and recorded. */
const DELIVERED_WITHIN_MS = 15000;

/**
 * PostgreSQL (this file's own server) is shut down for 20 s while reports arrive at 10 a second
 * from concurrent clients, then started again on the same port and data. No API or worker
 * restart: both must find the database again by themselves.
 */
describe('filing reports while PostgreSQL is stopped for 20 s', () => {
  const pg = new OwnPostgres();
  const redis = new OwnRedis();
  const receiver = new WebhookReceiver();
  let t: TestApp;
  let worker: ChildProcess;

  beforeAll(async () => {
    await Promise.all([pg.start(), redis.start()]);
    const databaseUrl = await pg.prepare();
    t = await startTestApp({
      ...redis.settings,
      DATABASE_URL: databaseUrl,
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    });
    await pointCentralPostWebhookAt(t, await receiver.start());
    worker = spawnWorker(databaseUrl, redis, { ALERT_SWEEP_MS: '1000' });
    await untilConsuming(redis);
  }, 60000);
  afterAll(async () => {
    if (worker) await stopChild(worker, 10000);
    await t?.close();
    await Promise.all([redis.remove(), receiver.stop()]);
    await pg.remove();
  });

  it('answers 503 quickly during the outage, recovers by itself, and loses no alert of a 201', async () => {
    const token = await t.login('nurse@demo.medguard.kz');
    // The worker is up and delivering before the fault begins.
    await fileIncident(t);
    expect(await receiver.waitFor(1, 20000)).toHaveLength(1);
    const startedAt = Date.now();
    // Milliseconds since `startedAt`: the server stopped, was told to start, accepted connections.
    const outage = { from: 0, to: 0, back: 0 };
    let readyDuringOutage: { status: number; body: Record<string, unknown> } | undefined;
    const load = fileSteadily(t, token, {
      perSecond: PER_SECOND,
      seconds: (BEFORE_MS + OUTAGE_MS + RECOVERY_MS + AFTER_MS) / 1000,
      startedAt,
      // Stopping and starting a server take their time on a busy machine: the stream runs
      // until AFTER_MS past the recovery time, however late PostgreSQL came back.
      until: () => outage.back > 0 && Date.now() - startedAt > outage.back + RECOVERY_MS + AFTER_MS,
    });
    const fault = (async () => {
      // Deliveries in flight when the database stops get their answers after it has gone: the
      // worker cannot record them, nor look up the next ones, until it is back.
      await new Promise((r) => setTimeout(r, BEFORE_MS - 1000));
      receiver.answerAfter(1500);
      await new Promise((r) => setTimeout(r, 1000));
      await pg.stop();
      outage.from = Date.now() - startedAt;
      await new Promise((r) => setTimeout(r, OUTAGE_MS / 2));
      const ready = await t.http().get('/health/ready').timeout(10000);
      readyDuringOutage = { status: ready.status, body: ready.body };
      await new Promise((r) => setTimeout(r, startedAt + outage.from + OUTAGE_MS - Date.now()));
      outage.to = Date.now() - startedAt;
      receiver.answerAfter(0);
      await pg.start();
      outage.back = Date.now() - startedAt;
    })();
    const [answers] = await Promise.all([load, fault]);

    const summary = (list: Answer[]) =>
      list.map((a) => `${a.sentAt}ms→${a.status} in ${a.doneAt - a.sentAt}ms`).join(', ');
    // Not one server error, not one request left hanging: every answer within 10 s.
    expect(summary(answers.filter((a) => a.status !== 201 && a.status !== 503))).toBe('');
    expect(summary(answers.filter((a) => a.doneAt - a.sentAt > 10000))).toBe('');

    // While the database is away, requests are turned away with the contract's body.
    const during = answers.filter((a) => a.sentAt > outage.from && a.doneAt < outage.to);
    expect(during.length).toBeGreaterThan(100);
    expect(summary(during.filter((a) => a.status !== 503))).toBe('');
    expect(during[0].body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.stringMatching(/database .*unavailable/i),
      code: 'SERVICE_UNAVAILABLE',
      details: [],
      requestId: expect.any(String),
    });
    expect(during[0].retryAfter).toMatch(/^\d+$/);
    expect(readyDuringOutage).toMatchObject({
      status: 503,
      body: { info: { redis: { status: 'up' } }, failed: { postgres: { status: 'down' } } },
    });

    // Once it is back, reports are taken again without restarting anything.
    const after = answers.filter((a) => a.sentAt > outage.back + RECOVERY_MS);
    expect(after.length).toBeGreaterThanOrEqual(((AFTER_MS / 1000) * PER_SECOND) / 2);
    expect(summary(after.filter((a) => a.status !== 201))).toBe('');

    // Every 201 is in the database exactly once and whole; nothing is half-written.
    const created = answers.filter((a) => a.status === 201).map((a) => a.body.id as string);
    const rows = await rowsPerIncident(t);
    const ids = new Set(rows.map((r) => r.id));
    expect(created.filter((id) => !ids.has(id))).toEqual([]);
    expect(new Set(created).size).toBe(created.length);
    expect(
      rows.filter(
        (r) =>
          !r.category ||
          r.victims !== 1 ||
          r.history !== 1 ||
          r.alerts < 1 ||
          r.outbox !== r.alerts ||
          r.audit !== 1,
      ),
    ).toEqual([]);

    // Every alert of a 201 reaches the police post's receiver, and is recorded as delivered,
    // within seconds of the database's return: waiting out the outage spent none of the
    // receiver's attempts and left no delivery on a long backoff.
    const alertIds = alertIdsOf(answers);
    expect(alertIds.length).toBe(created.length);
    const delivered = await eventually(
      async () => new Set(receiver.ids()),
      (got) => alertIds.every((id) => got.has(`alert_${id}`)),
      startedAt + outage.back + DELIVERED_WITHIN_MS - Date.now(),
    );
    expect(alertIds.filter((id) => !delivered.has(`alert_${id}`))).toEqual([]);
    const undelivered = await eventually(
      () =>
        t.db.query(`SELECT id FROM alerts WHERE delivered_at IS NULL AND id = ANY($1::uuid[])`, [
          alertIds,
        ]),
      (r) => r.length === 0,
      startedAt + outage.back + DELIVERED_WITHIN_MS - Date.now(),
    );
    expect(undelivered).toEqual([]);
  }, 90000);
});
