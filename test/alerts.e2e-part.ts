import { Webhook } from 'standardwebhooks';
import { DEMO_IDS } from '../seeds/demo';
import { report } from './support/incidents';
import { bearer, listenOnLoopback, TestApp } from './support/test-app';
import { eventually, startAlertStack } from './support/alert-stack';
import { alertStream } from './support/sse-client';
import {
  pointCentralPostWebhookAt,
  WEBHOOK_SECRET,
  WebhookReceiver,
} from './support/webhook-receiver';

describe('alerts to police posts', () => {
  let stack: Awaited<ReturnType<typeof startAlertStack>>;
  let t: TestApp;
  const receiver = new WebhookReceiver();
  let nurse: string;
  let police: string;
  let dutyDesk: string;

  beforeAll(async () => {
    stack = await startAlertStack();
    t = stack.api;
    const url = await receiver.start();
    const res = await pointCentralPostWebhookAt(t, url);
    expect(res.status).toBe(200);
    [nurse, police, dutyDesk] = await t.loginAll('nurse', 'police', 'dutydesk');
  });
  afterAll(async () => {
    await stack.close();
    await receiver.stop();
  });

  const alertOf = async (alertId: string) =>
    (await t.db.query('SELECT * FROM alerts WHERE id = $1', [alertId]))[0];
  const attemptsOf = async (alertId: string) =>
    t.db.query('SELECT * FROM alert_attempts WHERE alert_id = $1 ORDER BY id', [alertId]);

  it('delivers a signed webhook the post can verify, carrying what an officer needs and no personal data', async () => {
    const before = receiver.received.length;
    const filed = await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report());
    expect(filed.status).toBe(201);
    const [got] = (await receiver.waitFor(before + 1)).slice(before);
    const payload = new Webhook(WEBHOOK_SECRET).verify(
      got.body,
      got.headers as Record<string, string>,
    ) as Record<string, unknown>;
    expect(payload).toMatchObject({
      type: 'incident.alert',
      alertId: filed.body.alerts[0].id,
      escalationLevel: 0,
      priority: 3,
      incident: {
        id: filed.body.id,
        reference: filed.body.reference,
        category: 'assault',
        facility: { id: DEMO_IDS.centralHospital },
        place: { kind: 'admission_department' },
      },
    });
    expect(payload.link).toBe(`${t.config.publicUrl}/police?alert=${filed.body.alerts[0].id}`);
    expect(got.headers['webhook-id']).toBe(`alert_${filed.body.alerts[0].id}`);
    expect(got.body).not.toContain('Aigerim');
    expect(got.body).not.toContain('struck');
    expect(() =>
      new Webhook(WEBHOOK_SECRET).verify(
        got.body.replace('"priority":3', '"priority":1'),
        got.headers as Record<string, string>,
      ),
    ).toThrow();
    const alert = await eventually(
      () => alertOf(filed.body.alerts[0].id),
      (a) => a.status === 'delivered',
    );
    expect(alert.delivered_at).not.toBeNull();
    expect(await attemptsOf(alert.id)).toMatchObject([
      { channel: 'webhook', outcome: 'delivered', response_code: 200 },
    ]);
  });

  it('retries a failing receiver and delivers on the third attempt, recording all three', async () => {
    receiver.answerWith(500, 500);
    const before = receiver.received.length;
    const filed = await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report());
    const arrived = (await receiver.waitFor(before + 3, 20000)).slice(before);
    expect(arrived).toHaveLength(3);
    expect(new Set(arrived.map((r) => r.headers['webhook-id']))).toEqual(
      new Set([`alert_${filed.body.alerts[0].id}`]),
    );
    const alertId = filed.body.alerts[0].id;
    await eventually(
      () => alertOf(alertId),
      (a) => a.status === 'delivered',
    );
    expect(
      (await attemptsOf(alertId)).map((a: { outcome: string; response_code: number }) => [
        a.outcome,
        a.response_code,
      ]),
    ).toEqual([
      ['failed', 500],
      ['failed', 500],
      ['delivered', 200],
    ]);
  }, 30000);

  it('disables an endpoint that answers 410 and escalates at once; a new URL enables it again', async () => {
    receiver.answerWith(410);
    const filed = await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report());
    const alertId = filed.body.alerts[0].id;
    const rows = await eventually(
      () =>
        t.db.query(
          'SELECT police_post_id, status, escalation_level FROM alerts WHERE incident_id = $1 ORDER BY escalation_level',
          [filed.body.id],
        ),
      (r) => r.length === 2,
    );
    expect(rows).toMatchObject([
      { police_post_id: DEMO_IDS.centralPost, status: 'escalated' },
      { police_post_id: DEMO_IDS.almatyDutyDesk, escalation_level: 1 },
    ]);
    expect(await attemptsOf(alertId)).toMatchObject([{ outcome: 'gone', response_code: 410 }]);
    const admin = await t.login('admin@demo.medguard.kz');
    const post = await t
      .http()
      .get(`/api/v1/police-posts/${DEMO_IDS.centralPost}`)
      .set(bearer(admin));
    expect(post.body.webhookDisabled).toBe(true);
    const url = `http://127.0.0.1:${receiver.port}/hook`;
    const again = await t
      .http()
      .patch(`/api/v1/police-posts/${DEMO_IDS.centralPost}`)
      .set(bearer(admin))
      .send({ webhookUrl: url });
    expect(again.body.webhookDisabled).toBe(false);
  });

  it('lets the officer acknowledge once, moving the incident to acknowledged; another post gets 404', async () => {
    const filed = await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report());
    const alertId = filed.body.alerts[0].id;
    expect(
      (await t.http().post(`/api/v1/alerts/${alertId}/ack`).set(bearer(dutyDesk))).status,
    ).toBe(404);
    const ack = await t.http().post(`/api/v1/alerts/${alertId}/ack`).set(bearer(police));
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({
      id: alertId,
      status: 'acknowledged',
      acknowledgedBy: expect.any(String),
    });
    const again = await t.http().post(`/api/v1/alerts/${alertId}/ack`).set(bearer(police));
    expect(again.status).toBe(200);
    expect(again.body.acknowledgedAt).toBe(ack.body.acknowledgedAt);
    const incident = await t.http().get(`/api/v1/incidents/${filed.body.id}`).set(bearer(nurse));
    expect(incident.body.status).toBe('acknowledged');
    expect(
      incident.body.history.filter((h: { toStatus: string }) => h.toStatus === 'acknowledged'),
    ).toHaveLength(1);
    const listed = await t.http().get('/api/v1/alerts?status=acknowledged').set(bearer(police));
    expect(listed.body.items.map((a: { id: string }) => a.id)).toContain(alertId);
    const others = await t.http().get('/api/v1/alerts').set(bearer(dutyDesk));
    expect(others.body.items.map((a: { id: string }) => a.id)).not.toContain(alertId);
  });

  describe('live console', () => {
    let base: string;
    beforeAll(async () => {
      base = await listenOnLoopback(t);
    });

    it('streams new alerts to the post, replays what a reconnecting console missed, and shows nothing to other posts', async () => {
      const console1 = alertStream(base, police);
      const other = alertStream(base, dutyDesk);
      await Promise.all([console1.open(), other.open()]);
      expect(console1.status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));

      const first = await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report());
      const [live] = await console1.waitFor(1);
      expect(live.event).toBe('alert');
      expect(JSON.parse(live.data)).toMatchObject({
        id: first.body.alerts[0].id,
        incident: { reference: first.body.reference },
      });
      expect(live.data).not.toContain('Aigerim');
      console1.close();

      const missed = await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report());
      await eventually(
        () =>
          t.db.query('SELECT relayed_at FROM outbox WHERE alert_id = $1', [
            missed.body.alerts[0].id,
          ]),
        (r) => r[0]?.relayed_at,
      );
      const resumed = alertStream(base, police, live.id!);
      await resumed.open();
      const [replayed] = await resumed.waitFor(1);
      expect(JSON.parse(replayed.data).id).toBe(missed.body.alerts[0].id);
      expect(Number(replayed.id)).toBeGreaterThan(Number(live.id));
      resumed.close();

      await new Promise((r) => setTimeout(r, 500));
      expect(other.events).toEqual([]);
      other.close();
    });

    it('refuses the stream without credentials and to non-police roles', async () => {
      expect((await fetch(`${base}/api/v1/alerts/stream`)).status).toBe(401);
      const res = await fetch(`${base}/api/v1/alerts/stream`, {
        headers: { authorization: `Bearer ${nurse}` },
      });
      expect(res.status).toBe(403);
    });
  });
});
