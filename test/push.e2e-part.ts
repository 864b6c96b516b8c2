import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { QueueName } from '../src/jobs/queues';
import { MetricsService } from '../src/metrics/metrics.service';
import { DEMO_IDS } from '../seeds/demo';
import { eventually, startAlertStack } from './support/alert-stack';
import { report } from './support/incidents';
import { BrowserSubscription, PushReceiver, subscribe, vapidClaims } from './support/push';
import { answerDns } from './support/test-dns';
import { bearer, TestApp } from './support/test-app';

describe('Web Push to officers and reporters', () => {
  let stack: Awaited<ReturnType<typeof startAlertStack>>;
  let t: TestApp;
  const receiver = new PushReceiver();
  let nurse: string;
  let police: string;
  let admin: string;
  let publicKey: string;

  beforeAll(async () => {
    stack = await startAlertStack({ ALERT_SWEEP_MS: '300' });
    t = stack.api;
    await receiver.start();
    [nurse, police, admin] = await t.loginAll('nurse', 'police', 'admin');
    publicKey = (await t.http().get('/api/v1/push/public-key').set(bearer(police))).body.publicKey;
  });
  afterAll(async () => {
    await stack.close();
    await receiver.stop();
  });

  const file = async (over: Record<string, unknown> = {}) => {
    const res = await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report(over));
    expect(res.status).toBe(201);
    return res.body as { id: string; reference: string; alerts: Array<{ id: string }> };
  };
  const device = async (token: string, name?: string) => {
    const browser = new BrowserSubscription(receiver.endpoint(name));
    const res = await subscribe(t, token, browser);
    expect(res.status).toBe(201);
    return { browser, id: res.body.id as string };
  };
  const pushAttempts = (alertId: string) =>
    t.db.query(
      `SELECT recipient, outcome, response_code FROM alert_attempts
        WHERE alert_id = $1 AND channel = 'push' ORDER BY id`,
      [alertId],
    );
  const subscriptionRows = (id: string) =>
    t.db.query('SELECT * FROM push_subscriptions WHERE id = $1', [id]);

  it('pushes a new alert to the officer’s device, signed with VAPID and readable only by it', async () => {
    const { browser, id } = await device(police);
    const filed = await file();
    const alertId = filed.alerts[0].id;
    const [got] = await receiver.waitFor(browser.endpoint, 1);
    expect(got).toBeDefined();

    const claims = vapidClaims(String(got.headers.authorization), publicKey);
    expect(claims.aud).toBe(new URL(browser.endpoint).origin);
    expect(claims.sub).toBe('mailto:operator@medguard.test');
    const now = Math.floor(Date.now() / 1000);
    expect(claims.exp).toBeGreaterThan(now);
    expect(claims.exp).toBeLessThanOrEqual(now + 24 * 3600);

    expect(got.headers['content-encoding']).toBe('aes128gcm');
    expect(got.headers.urgency).toBe('normal');
    expect(got.headers.topic).toBe(alertId.replace(/-/g, ''));
    const alert = (await t.db.query('SELECT * FROM alerts WHERE id = $1', [alertId]))[0];
    const window = (alert.deadline_at.getTime() - alert.created_at.getTime()) / 1000;
    expect(Number(got.headers.ttl)).toBeGreaterThanOrEqual(Math.floor(window));
    expect(Number(got.headers.ttl)).toBeLessThanOrEqual(28 * 24 * 3600);

    expect(browser.decrypt(got.body)).toStrictEqual({
      type: 'incident.alert',
      alertId,
      reference: filed.reference,
      category: 'assault',
      priority: 3,
      facility: { name: expect.any(String) },
      place: { kind: 'admission_department' },
      url: `${t.config.publicUrl}/police?alert=${alertId}`,
    });
    const plain = JSON.stringify(browser.decrypt(got.body));
    for (const secret of ['Aigerim', 'struck', 'relative', 'Demo'])
      expect(plain).not.toContain(secret);
    expect(got.body.toString('latin1')).not.toContain(filed.reference);

    const attempts = await eventually(
      () => pushAttempts(alertId),
      (rows) => rows.some((r: { recipient: string }) => r.recipient === id),
    );
    expect(attempts.filter((r: { recipient: string }) => r.recipient === id)).toEqual([
      { recipient: id, outcome: 'delivered', response_code: 201 },
    ]);
    // The push is on record, but only the officer's acknowledgement moves the alert on.
    expect((await t.db.query('SELECT status FROM alerts WHERE id = $1', [alertId]))[0].status).toBe(
      'pending',
    );
  });

  it('marks the highest priorities urgent', async () => {
    const { browser } = await device(police);
    const filed = await file({
      victims: [
        { role: 'nurse', injury: 'moderate' },
        { role: 'doctor', injury: 'minor' },
      ],
    });
    const [got] = await receiver.waitFor(browser.endpoint, 1);
    const payload = browser.decrypt(got.body) as { priority: number; alertId: string };
    expect(payload).toMatchObject({ alertId: filed.alerts[0].id, priority: 1 });
    expect(got.headers.urgency).toBe('high');
  });

  it('deletes a subscription its push service says is gone, and sends it nothing more', async () => {
    const { browser, id } = await device(police);
    receiver.answer(browser.endpoint, 410);
    const first = await file();
    await receiver.waitFor(browser.endpoint, 1);
    const attempts = await eventually(
      () => pushAttempts(first.alerts[0].id),
      (rows) => rows.some((r: { recipient: string }) => r.recipient === id),
    );
    expect(attempts.filter((r: { recipient: string }) => r.recipient === id)).toEqual([
      { recipient: id, outcome: 'gone', response_code: 410 },
    ]);
    expect(
      await eventually(
        () => subscriptionRows(id),
        (rows) => rows.length === 0,
      ),
    ).toEqual([]);

    const watcher = await device(police);
    await file();
    expect(await receiver.waitFor(watcher.browser.endpoint, 1)).toHaveLength(1);
    expect(receiver.to(browser.endpoint)).toHaveLength(1);
  });

  it('retries only the device whose push service failed', async () => {
    const failing = await device(police);
    const fine = await device(police);
    receiver.answer(failing.browser.endpoint, 500);
    const filed = await file();
    await receiver.waitFor(failing.browser.endpoint, 2);
    expect(receiver.to(failing.browser.endpoint)).toHaveLength(2);
    // The retry has been and gone; the device that took the first push heard it once.
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.to(fine.browser.endpoint)).toHaveLength(1);
    const attempts = await eventually(
      () => pushAttempts(filed.alerts[0].id),
      (rows) => rows.filter((r: { recipient: string }) => r.recipient === failing.id).length === 2,
    );
    const of = (id: string) =>
      attempts
        .filter((r: { recipient: string }) => r.recipient === id)
        .map((r: { outcome: string; response_code: number }) => [r.outcome, r.response_code]);
    expect(of(failing.id)).toEqual([
      ['failed', 500],
      ['delivered', 201],
    ]);
    expect(of(fine.id)).toEqual([['delivered', 201]]);
    const failed = receiver.to(failing.browser.endpoint);
    expect(failing.browser.decrypt(failed[1].body)).toEqual(
      failing.browser.decrypt(failed[0].body),
    );
  });

  it('measures push latency per alert and counts failed pushes by outcome', async () => {
    const metrics = await stack.worker.get(MetricsService).registry.metrics();
    const pushedAlerts = (
      await t.db.query(
        `SELECT count(DISTINCT alert_id)::int AS n FROM alert_attempts
          WHERE channel = 'push' AND outcome = 'delivered'`,
      )
    )[0].n;
    const count = (pattern: RegExp) => Number(pattern.exec(metrics)?.[1] ?? 0);
    expect(count(/alert_delivery_latency_seconds_count\{channel="push"\} (\d+)/)).toBe(
      pushedAlerts,
    );
    expect(pushedAlerts).toBeGreaterThanOrEqual(3);
    expect(
      count(/alert_delivery_failures_total\{channel="push",outcome="failed"\} (\d+)/),
    ).toBeGreaterThanOrEqual(1);
    expect(
      count(/alert_delivery_failures_total\{channel="push",outcome="gone"\} (\d+)/),
    ).toBeGreaterThanOrEqual(1);
  });

  it('still reaches a device after Redis lost the push job waiting for its retry', async () => {
    const failing = await device(police);
    receiver.answer(failing.browser.endpoint, 503);
    const filed = await file();
    await receiver.waitFor(failing.browser.endpoint, 1);
    await eventually(
      () => pushAttempts(filed.alerts[0].id),
      (rows) => rows.some((r: { recipient: string }) => r.recipient === failing.id),
    );
    const queue = stack.worker.get<Queue>(getQueueToken(QueueName.AlertPush));
    await queue.obliterate({ force: true });
    const lostAt = Date.now();
    // Every open alert's job went with it; the sweep puts back each one a device lacks.
    const ofThisAlert = () =>
      receiver
        .to(failing.browser.endpoint)
        .filter(
          (r) =>
            (failing.browser.decrypt(r.body) as { alertId: string }).alertId === filed.alerts[0].id,
        );
    const deadline = Date.now() + 10000;
    while (ofThisAlert().length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const [, second] = ofThisAlert();
    expect(second).toBeDefined();
    expect(second.at - lostAt).toBeLessThan(5000);
  });

  it('sends nothing to the devices of a deactivated officer', async () => {
    const email = `officer-${Date.now()}@example.kz`;
    const created = await t.http().post('/api/v1/users').set(bearer(admin)).send({
      email,
      fullName: 'Second Officer',
      role: 'police',
      policePostId: DEMO_IDS.centralPost,
      password: 'Officer-pass-2026!',
    });
    expect(created.status).toBe(201);
    const officer = await t.login(email, 'Officer-pass-2026!');
    const gone = await device(officer);
    const active = await device(police);
    expect(
      (await t.http().delete(`/api/v1/users/${created.body.id}`).set(bearer(admin))).status,
    ).toBe(204);
    await file();
    expect(await receiver.waitFor(active.browser.endpoint, 1)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.to(gone.browser.endpoint)).toEqual([]);
  });

  it('refuses at connect time a listed host whose DNS answer points inside', async () => {
    const browser = new BrowserSubscription(receiver.endpoint().replace('127.0.0.1', 'localhost'));
    const res = await subscribe(t, police, browser);
    expect(res.status).toBe(201);
    const restore = answerDns([stack.worker], (host) =>
      host === 'localhost' ? ['10.20.30.40'] : undefined,
    );
    try {
      const filed = await file();
      const attempts = await eventually(
        () => pushAttempts(filed.alerts[0].id),
        (rows) => rows.some((r: { recipient: string }) => r.recipient === res.body.id),
      );
      expect(attempts.find((r: { recipient: string }) => r.recipient === res.body.id)).toEqual({
        recipient: res.body.id,
        outcome: 'blocked',
        response_code: null,
      });
    } finally {
      restore();
    }
    expect(receiver.to(browser.endpoint)).toEqual([]);
  });

  it('tells the reporter’s devices when an officer acknowledges the alert', async () => {
    const { browser } = await device(nurse);
    const filed = await file();
    const ack = await t.http().post(`/api/v1/alerts/${filed.alerts[0].id}/ack`).set(bearer(police));
    expect(ack.status).toBe(200);
    const [got] = await receiver.waitFor(browser.endpoint, 1);
    expect(got).toBeDefined();
    expect(browser.decrypt(got.body)).toMatchObject({
      type: 'incident.updated',
      incidentId: filed.id,
      status: 'acknowledged',
    });
  });

  it('tells the reporter’s devices when the case moves on', async () => {
    const { browser } = await device(nurse);
    const filed = await file();
    const res = await t
      .http()
      .patch(`/api/v1/incidents/${filed.id}/status`)
      .set(bearer(police))
      .send({ status: 'acknowledged' });
    expect(res.status).toBe(200);
    const [got] = await receiver.waitFor(browser.endpoint, 1);
    expect(got).toBeDefined();
    expect(got.headers.topic).toBe(filed.id.replace(/-/g, ''));
    expect(browser.decrypt(got.body)).toStrictEqual({
      type: 'incident.updated',
      incidentId: filed.id,
      reference: filed.reference,
      status: 'acknowledged',
      url: `${t.config.publicUrl}/reports/${filed.id}`,
    });
  });
});
