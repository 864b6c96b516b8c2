import { Webhook } from 'standardwebhooks';
import { DEMO_IDS } from '../seeds/demo';
import { report } from './support/incidents';
import { bearer, TestApp } from './support/test-app';
import { eventually, startAlertStack } from './support/alert-stack';
import { WEBHOOK_SECRET, WebhookReceiver } from './support/webhook-receiver';

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
    const admin = await t.login('admin@demo.medguard.kz');
    const res = await t
      .http()
      .patch(`/api/v1/police-posts/${DEMO_IDS.centralPost}`)
      .set(bearer(admin))
      .send({ webhookUrl: url, webhookSecret: WEBHOOK_SECRET });
    expect(res.status).toBe(200);
    [nurse, police, dutyDesk] = await Promise.all(
      ['nurse', 'police', 'dutydesk'].map((u) => t.login(`${u}@demo.medguard.kz`)),
    );
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
});
