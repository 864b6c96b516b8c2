import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { DEMO_IDS } from '../seeds/demo';
import { seedId } from '../seeds/seed-ids';
import { eventually, startAlertStack } from './support/alert-stack';
import { report } from './support/incidents';
import { alertStream, SseClient } from './support/sse-client';
import { bearer, listenOnLoopback, TestApp } from './support/test-app';
import { shiftClock } from './support/test-clock';
import {
  pointCentralPostWebhookAt,
  WEBHOOK_SECRET,
  WebhookReceiver,
} from './support/webhook-receiver';

const CENTRAL = DEMO_IDS.centralHospital;
const CENTRAL_ADMISSION = seedId('unit:almaty:cgkb:admission');
const OTHER_HOSPITAL = seedId('facility:almaty:gkb:1');
const OTHER_ADMISSION = seedId('unit:almaty:gkb:1:admission');
const AMBULANCE_TEAM = seedId('unit:almaty:ambulance:1:1');
const HERE = { lat: 43.2389, lon: 76.8897, accuracyM: 12 };

describe('SOS: one tap before the report', () => {
  let stack: Awaited<ReturnType<typeof startAlertStack>>;
  let t: TestApp;
  let base: string;
  const receiver = new WebhookReceiver();
  let admin: string;
  let police: string;
  let dutyDesk: string;
  let safety: string;
  let ministry: string;
  let paramedic: string;
  const opened: SseClient[] = [];

  beforeAll(async () => {
    stack = await startAlertStack({ ALERT_SWEEP_MS: '300' });
    t = stack.api;
    base = await listenOnLoopback(t);
    expect((await pointCentralPostWebhookAt(t, await receiver.start())).status).toBe(200);
    [admin, police, dutyDesk, safety, ministry, paramedic] = await t.loginAll(
      'admin',
      'police',
      'dutydesk',
      'safety',
      'ministry',
      'paramedic',
    );
  });
  afterEach(() => opened.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await stack.close();
    await receiver.stop();
  });

  /** A member of staff of the facility of their own, so each test's SOS is its account's first. */
  const newAccount = async (facilityId = CENTRAL, role = 'staff'): Promise<string> => {
    const email = `sos-${randomBytes(4).toString('hex')}@example.kz`;
    const password = 'Sos-test-pass-2026!';
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ email, fullName: 'Test Nurse', role, facilityId, password });
    expect(res.status).toBe(201);
    return t.login(email, password);
  };
  const sos = (token: string, body: Record<string, unknown> = {}, key?: string) => {
    const req = t.http().post('/api/v1/sos').set(bearer(token));
    if (key) req.set('Idempotency-Key', key);
    return req.send({ facilityId: CENTRAL, unitId: CENTRAL_ADMISSION, ...HERE, ...body });
  };
  const fileReport = (token: string, over: Record<string, unknown> = {}) =>
    t.http().post('/api/v1/incidents').set(bearer(token)).send(report(over));
  const sosRows = (reporterFacility: string) =>
    t.db.query(`SELECT * FROM sos WHERE facility_id = $1 ORDER BY created_at`, [reporterFacility]);
  const track = (c: SseClient) => (opened.push(c), c);

  it('alerts the facility’s post at priority 1: the location on its console, its webhook without it', async () => {
    const nurse = await newAccount();
    const console = track(alertStream(base, police));
    await console.open();
    const before = receiver.received.length;

    const res = await sos(nurse);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      reference: expect.stringMatching(/^SOS-\d{6}$/),
      status: 'open',
      facilityId: CENTRAL,
      location: { lat: HERE.lat, lon: HERE.lon, accuracyM: 12 },
      alerts: [{ policePostId: DEMO_IDS.centralPost, priority: 1, status: 'pending' }],
    });
    const alertId = res.body.alerts[0].id;

    await eventually(
      async () => console.events.filter((e) => e.event === 'alert').map((e) => JSON.parse(e.data)),
      (alerts) => alerts.some((a) => a.id === alertId),
    );
    const shown = console.events.map((e) => JSON.parse(e.data)).find((a) => a.id === alertId);
    expect(shown).toMatchObject({
      incidentId: null,
      sosId: res.body.id,
      priority: 1,
      incident: null,
      sos: {
        reference: res.body.reference,
        status: 'open',
        facility: { id: CENTRAL },
        location: {
          lat: HERE.lat,
          lon: HERE.lon,
          accuracyM: 12,
          mapUrl: `https://www.openstreetmap.org/?mlat=${HERE.lat}&mlon=${HERE.lon}#map=17/${HERE.lat}/${HERE.lon}`,
        },
      },
    });

    const [got] = (await receiver.waitFor(before + 1)).slice(before);
    const payload = new Webhook(WEBHOOK_SECRET).verify(
      got.body,
      got.headers as Record<string, string>,
    ) as Record<string, unknown>;
    expect(payload).toMatchObject({
      type: 'sos.alert',
      alertId,
      priority: 1,
      escalationLevel: 0,
      sos: {
        id: res.body.id,
        reference: res.body.reference,
        facility: { id: CENTRAL },
        place: { kind: 'admission_department' },
      },
    });
    // Where the sender is stays in the signed-in console: the webhook carries no coordinates.
    expect(payload.sos).not.toHaveProperty('location');
    expect(got.body).not.toContain(String(HERE.lat));
    expect(payload.link).toBe(`${t.config.publicUrl}/police?alert=${alertId}`);
    expect(got.body).not.toContain('Test Nurse');

    // The officer acknowledges it like any alert.
    const ack = await t.http().post(`/api/v1/alerts/${alertId}/ack`).set(bearer(police));
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', sos: { id: res.body.id } });
  });

  it('sends an ambulance team’s SOS to the region’s duty desk', async () => {
    const res = await sos(paramedic, { facilityId: DEMO_IDS.substation1, unitId: AMBULANCE_TEAM });
    expect(res.status).toBe(201);
    expect(res.body.alerts).toEqual([
      expect.objectContaining({ policePostId: DEMO_IDS.almatyDutyDesk, priority: 1 }),
    ]);
    const listed = await t.http().get('/api/v1/alerts').set(bearer(dutyDesk));
    expect(
      listed.body.items.find((a: { id: string }) => a.id === res.body.alerts[0].id),
    ).toMatchObject({ sos: { place: { kind: 'ambulance_call' } } });
  });

  it('creates exactly one SOS for 30 concurrent retries with one Idempotency-Key, all answered alike', async () => {
    const nurse = await newAccount();
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 30 }, () => sos(nurse, {}, key)));
    expect(answers.map((r) => r.status)).toEqual(Array(30).fill(201));
    const ids = new Set(answers.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    const [id] = ids;
    expect(
      await t.db.query(`SELECT count(*)::int AS n FROM alerts WHERE sos_id = $1`, [id]),
    ).toEqual([{ n: 1 }]);
    // The same answer for every retry (the stored one may list its fields in another order).
    for (const r of answers) expect(r.body).toEqual(answers[0].body);
  });

  it('answers a second SOS of the same account within two minutes with the open one, and never refuses', async () => {
    const nurse = await newAccount();
    const taps = await Promise.all(Array.from({ length: 10 }, () => sos(nurse)));
    const ids = new Set(taps.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect(taps.map((r) => r.status).sort()).toEqual([...Array(9).fill(200), 201]);
    const restore = shiftClock([t.app], 3 * 60_000);
    try {
      const later = await sos(nurse);
      expect(later.status).toBe(201);
      expect(later.body.id).not.toBe([...ids][0]);
    } finally {
      restore();
    }
  });

  it('refuses what is not a member of staff’s own facility, and bad coordinates, naming the field', async () => {
    const nurse = await newAccount();
    expect((await sos(police)).status).toBe(403);
    expect((await sos(ministry)).status).toBe(403);
    expect((await sos(admin)).status).toBe(403);
    const other = await sos(nurse, { facilityId: OTHER_HOSPITAL, unitId: OTHER_ADMISSION });
    expect(other.status).toBe(403);
    expect(other.body.details).toEqual([expect.objectContaining({ field: 'facilityId' })]);
    const unit = await sos(nurse, { unitId: OTHER_ADMISSION });
    expect(unit.status).toBe(400);
    expect(unit.body.details).toEqual([expect.objectContaining({ field: 'unitId' })]);
    const bad = await sos(nurse, { lat: 91, lon: -181, accuracyM: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'accuracyM',
      'lat',
      'lon',
    ]);
    const missing = await t
      .http()
      .post('/api/v1/sos')
      .set(bearer(nurse))
      .send({ facilityId: CENTRAL });
    expect(missing.status).toBe(400);
    expect(missing.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'lat',
      'lon',
    ]);
    expect(await sosRows(OTHER_HOSPITAL)).toEqual([]);
  });

  it('attaches the report filed afterwards: one alert per post, now with the report’s facts, an `updated` event, and sosId on the incident', async () => {
    const nurse = await newAccount();
    const sent = await sos(nurse);
    expect(sent.status).toBe(201);
    const [sosAlert] = sent.body.alerts;
    const console = track(alertStream(base, police));
    await console.open();
    await new Promise((r) => setTimeout(r, 300));

    const filed = await fileReport(nurse, { sosId: sent.body.id });
    expect(filed.status).toBe(201);
    expect(filed.body.sosId).toBe(sent.body.id);
    expect(filed.body.alerts).toEqual([
      expect.objectContaining({ id: sosAlert.id, policePostId: DEMO_IDS.centralPost }),
    ]);
    const rows = await t.db.query(`SELECT * FROM alerts WHERE incident_id = $1`, [filed.body.id]);
    expect(rows).toHaveLength(1);

    await eventually(
      async () => console.events.filter((e) => e.event === 'updated'),
      (events) => events.some((e) => JSON.parse(e.data).id === sosAlert.id),
    );
    const updated = console.events
      .filter((e) => e.event === 'updated')
      .map((e) => JSON.parse(e.data))
      .find((a) => a.id === sosAlert.id);
    expect(updated).toMatchObject({
      incidentId: filed.body.id,
      incident: { reference: filed.body.reference, category: 'assault' },
      sos: { id: sent.body.id, status: 'attached' },
    });
    expect(console.events.filter((e) => e.event === 'alert')).toEqual([]);

    const incident = await t.http().get(`/api/v1/incidents/${filed.body.id}`).set(bearer(nurse));
    expect(incident.body.sosId).toBe(sent.body.id);
    const mine = await t.http().get('/api/v1/sos').set(bearer(nurse));
    expect(mine.body.items).toEqual([
      expect.objectContaining({ id: sent.body.id, status: 'attached', incidentId: filed.body.id }),
    ]);

    // Attached once: a second report naming it is refused.
    const again = await fileReport(nurse, { sosId: sent.body.id });
    expect(again.status).toBe(400);
    expect(again.body.details).toEqual([expect.objectContaining({ field: 'sosId' })]);
  });

  it('lets exactly one of two concurrent reports attach to the SOS', async () => {
    const nurse = await newAccount();
    const sent = await sos(nurse);
    const both = await Promise.all([
      fileReport(nurse, { sosId: sent.body.id }),
      fileReport(nurse, { sosId: sent.body.id }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 400]);
    const refused = both.find((r) => r.status === 400)!;
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'sosId' })]);
    const [row] = await t.db.query(`SELECT * FROM sos WHERE id = $1`, [sent.body.id]);
    expect(row.incident_id).toBe(both.find((r) => r.status === 201)!.body.id);
    expect(
      await t.db.query(`SELECT count(*)::int AS n FROM alerts WHERE sos_id = $1`, [sent.body.id]),
    ).toEqual([{ n: 1 }]);
  });

  it('refuses another reporter’s SOS, or one of another facility, as sosId', async () => {
    const [nurse, colleague] = await Promise.all([newAccount(), newAccount()]);
    const theirs = await sos(colleague);
    const res = await fileReport(nurse, { sosId: theirs.body.id });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'sosId' })]);
    const unknown = await fileReport(nurse, { sosId: randomUUID() });
    expect(unknown.status).toBe(400);
    // The facility's admin may file the report for it.
    const bySafety = await fileReport(safety, { sosId: theirs.body.id });
    expect(bySafety.status).toBe(201);
  });

  it('keeps an SOS without a report open for the facility admin until closed with a reason', async () => {
    const [nurse, colleague] = await Promise.all([newAccount(), newAccount()]);
    const otherAdmin = await newAccount(OTHER_HOSPITAL, 'facility_admin');
    const sent = await sos(nurse);
    const open = await t.http().get('/api/v1/sos?status=open').set(bearer(safety));
    expect(open.status).toBe(200);
    expect(open.body.items.map((s: { id: string }) => s.id)).toContain(sent.body.id);
    expect(
      (await t.http().get('/api/v1/sos?status=open').set(bearer(colleague))).body.items,
    ).toEqual([]);
    expect(
      (await t.http().get('/api/v1/sos?status=open').set(bearer(otherAdmin))).body.items,
    ).toEqual([]);
    expect((await t.http().get('/api/v1/sos').set(bearer(police))).status).toBe(403);
    expect((await t.http().get('/api/v1/sos?status=nope').set(bearer(safety))).status).toBe(400);

    const close = (token: string, body: object = { reason: 'Tapped by mistake' }) =>
      t.http().post(`/api/v1/sos/${sent.body.id}/close`).set(bearer(token)).send(body);
    expect((await close(nurse)).status).toBe(403);
    expect((await close(otherAdmin)).status).toBe(404);
    const blank = await close(safety, { reason: ' ' });
    expect(blank.status).toBe(400);
    expect(blank.body.details).toEqual([expect.objectContaining({ field: 'reason' })]);
    const closed = await close(safety);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'Tapped by mistake' });
    expect(closed.body.history.map((h: { type: string }) => h.type)).toEqual(['created', 'closed']);
    expect((await close(admin)).status).toBe(422);
    expect(
      (await t.http().get('/api/v1/sos?status=open').set(bearer(safety))).body.items.map(
        (s: { id: string }) => s.id,
      ),
    ).not.toContain(sent.body.id);
    const attach = await fileReport(nurse, { sosId: sent.body.id });
    expect(attach.status).toBe(400);
    const audit = await t.db.query(
      `SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY seq`,
      [sent.body.id],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['sos.created', 'sos.closed']);
  });

  it('escalates an SOS nobody acknowledged to the region’s duty desk at the shortest deadline, and a closed one not', async () => {
    const [nurse, colleague] = await Promise.all([newAccount(), newAccount()]);
    const sent = await sos(nurse);
    const [first] = sent.body.alerts;
    const closed = await sos(colleague);
    const close = await t
      .http()
      .post(`/api/v1/sos/${closed.body.id}/close`)
      .set(bearer(safety))
      .send({ reason: 'Tapped by mistake' });
    expect(close.status).toBe(200);
    // Its console is told; the alert stays there until an officer acknowledges it.
    const events = await t.db.query(
      `SELECT type, data FROM alert_events WHERE alert_id = $1 ORDER BY id`,
      [closed.body.alerts[0].id],
    );
    expect(events).toEqual([
      expect.objectContaining({ type: 'alert' }),
      { type: 'updated', data: { change: 'sos_closed' } },
    ]);
    const restore = shiftClock([t.app, stack.worker], 3 * 60_000);
    try {
      const rows = await eventually(
        () =>
          t.db.query(`SELECT * FROM alerts WHERE sos_id = $1 ORDER BY escalation_level`, [
            sent.body.id,
          ]),
        (r: Array<Record<string, unknown>>) => r.length === 2,
      );
      expect(rows.map((r) => r.police_post_id)).toEqual([
        DEMO_IDS.centralPost,
        DEMO_IDS.almatyDutyDesk,
      ]);
      expect(rows[0]).toMatchObject({ id: first.id, status: 'escalated' });
      expect(rows[1]).toMatchObject({ priority: 1, incident_id: null, parent_alert_id: first.id });
      // Several sweeps later, the closed one is where it was.
      await new Promise((r) => setTimeout(r, 2000));
      const kept = await t.db.query(`SELECT status FROM alerts WHERE sos_id = $1`, [
        closed.body.id,
      ]);
      expect(kept).toHaveLength(1);
      expect(kept[0].status).not.toBe('escalated');
    } finally {
      restore();
    }
  });
});
