import { INestApplicationContext } from '@nestjs/common';
import { DEMO_IDS } from '../seeds/demo';
import { regionId } from '../seeds/reference';
import { AlertEscalator } from '../src/alerts/alert-escalator.service';
import { Month } from '../src/statistics/months';
import { StatisticsRollups } from '../src/statistics/rollups.service';
import { startAlertStack } from './support/alert-stack';
import { report } from './support/incidents';
import { ALMATY } from './support/statistics';
import { bearer, TestApp } from './support/test-app';

const KARAGANDA = regionId('KZ-35');
const FIGURES = [
  'alerts',
  'acknowledgedInTime',
  'acknowledgedLate',
  'neverAcknowledged',
  'escalated',
  'acknowledgedIncidents',
] as const;

describe('response times', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let close: () => Promise<void>;
  let ministry: string;

  beforeAll(async () => {
    ({ api: t, worker, close } = await startAlertStack());
    ministry = await t.login('ministry@demo.medguard.kz');
  });
  afterAll(() => close());

  /** A new account made by the admin, signed in. */
  async function account(role: string, where: Record<string, string>): Promise<string> {
    const email = `${role}.${Math.random().toString(36).slice(2)}@karaganda.test`;
    const password = 'Karaganda-test-2026!';
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(await t.login('admin@demo.medguard.kz')))
      .send({ email, password, fullName: `Test ${role}`, role, ...where });
    expect(res.status).toBe(201);
    return t.login(email, password);
  }

  /** Files `n` reports at once; returns each report's first alert. */
  async function file(n: number, token: string, over: Record<string, unknown>) {
    const occurredAt = new Date(Date.now() - 60_000).toISOString();
    const filed = await Promise.all(
      Array.from({ length: n }, () =>
        t
          .http()
          .post('/api/v1/incidents')
          .set(bearer(token))
          .send(report({ occurredAt, ...over })),
      ),
    );
    expect(filed.map((r) => r.status)).toEqual(filed.map(() => 201));
    return filed.map((r) => ({
      incident: r.body.id as string,
      alert: r.body.alerts[0].id as string,
    }));
  }

  const ack = (token: string, alertIds: string[]) =>
    Promise.all(
      alertIds.map((id) => t.http().post(`/api/v1/alerts/${id}/ack`).set(bearer(token))),
    ).then((res) => expect(res.map((r) => r.status)).toEqual(alertIds.map(() => 200)));

  /** The deadline has passed: what the acknowledgement deadline would be after waiting it out. */
  const deadlinePassed = (alertIds: string[]) =>
    t.db.query(`UPDATE alerts SET deadline_at = now() - interval '1 second' WHERE id = ANY($1)`, [
      alertIds,
    ]);

  /** What the worker does when an alert's deadline passes; returns the new alert. */
  async function escalate(alertId: string): Promise<string> {
    await deadlinePassed([alertId]);
    await worker.get(AlertEscalator).escalate(alertId, 'deadline');
    const [child] = await t.db.query(`SELECT id FROM alerts WHERE parent_alert_id = $1`, [alertId]);
    return child.id;
  }

  it('counts, per region and overall, alerts raised, acknowledged in time, late, never, and escalated; the times are over acknowledged incidents only', async () => {
    const nurse = await t.login('nurse@demo.medguard.kz');
    const police = await t.login('police@demo.medguard.kz');
    const desk = await t.login('dutydesk@demo.medguard.kz');
    const [karagandaNurse, karagandaPolice] = await Promise.all([
      account('staff', { facilityId: DEMO_IDS.karagandaHospital }),
      account('police', { policePostId: DEMO_IDS.karagandaDutyDesk }),
    ]);

    // Almaty: twelve reports to the hospital's post.
    const almaty = await file(12, nurse, {});
    const alerts = almaty.map((a) => a.alert);
    await ack(police, alerts.slice(0, 5));
    await deadlinePassed(alerts.slice(5, 8));
    await ack(police, alerts.slice(5, 8));
    await t.app.get(StatisticsRollups).fold();
    // Two left until their deadline: escalated to the city duty desk, which acknowledges one.
    const [toDesk, ignoredByDesk] = await Promise.all([escalate(alerts[8]), escalate(alerts[9])]);
    await ack(desk, [toDesk]);
    expect(ignoredByDesk).toBeDefined();
    // alerts[10] and alerts[11] are never acknowledged.

    // Karaganda: four reports to the region's duty desk.
    const karaganda = await file(4, karagandaNurse, {
      facilityId: DEMO_IDS.karagandaHospital,
      unitId: undefined,
    });
    const k = karaganda.map((a) => a.alert);
    await ack(karagandaPolice, [k[0]]);
    await deadlinePassed([k[1]]);
    await ack(karagandaPolice, [k[1]]);
    // Escalated to the national desk, where nobody acknowledges it.
    await escalate(k[2]);

    const month = Month.of(new Date(Date.now() - 60_000)).toString();
    const res = await t
      .http()
      .get(`/api/v1/stats/response-times?month=${month}&lang=en`)
      .set(bearer(ministry));
    expect(res.status).toBe(200);
    const figures = (r: Record<string, unknown>) =>
      Object.fromEntries(FIGURES.map((f) => [f, r[f]]));
    const region = (key: string) => res.body.rows.find((r: { key: string }) => r.key === key);
    expect(figures(region(ALMATY))).toEqual({
      alerts: 14,
      acknowledgedInTime: 6,
      acknowledgedLate: 3,
      neverAcknowledged: 5,
      escalated: 2,
      acknowledgedIncidents: 9,
    });
    expect(figures(region(KARAGANDA))).toEqual({
      alerts: 5,
      acknowledgedInTime: 1,
      acknowledgedLate: 1,
      neverAcknowledged: 3,
      escalated: 1,
      acknowledgedIncidents: 2,
    });
    expect(figures(res.body.overall)).toEqual({
      alerts: 19,
      acknowledgedInTime: 7,
      acknowledgedLate: 4,
      neverAcknowledged: 8,
      escalated: 3,
      acknowledgedIncidents: 11,
    });
    expect(figures(region(regionId('KZ-71')))).toEqual({
      alerts: 0,
      acknowledgedInTime: 0,
      acknowledgedLate: 0,
      neverAcknowledged: 0,
      escalated: 0,
      acknowledgedIncidents: 0,
    });
    expect(res.body.note).toMatch(/acknowledged/);

    // The times: from filing to the first acknowledgement of each acknowledged incident, exactly
    // as a direct count over the alerts gives them.
    const [direct] = await t.db.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY s) AS p90, count(*)::int AS n
         FROM (SELECT extract(epoch FROM min(a.acknowledged_at) - i.created_at) AS s
                 FROM incidents i JOIN alerts a ON a.incident_id = i.id
                WHERE a.acknowledged_at IS NOT NULL GROUP BY i.id) x`,
    );
    expect(direct.n).toBe(11);
    expect(res.body.overall.median).toBeCloseTo(direct.median, 1);
    expect(res.body.overall.p90).toBeCloseTo(direct.p90, 1);
    expect(region(ALMATY).p90).toBeGreaterThanOrEqual(region(ALMATY).median);
    expect(region(regionId('KZ-71'))).toMatchObject({ median: null, p90: null });
  });

  it('lets only the ministry and admins read response times, and names a bad month', async () => {
    const month = Month.of(new Date()).toString();
    const get = (token: string, query = `month=${month}`) =>
      t.http().get(`/api/v1/stats/response-times?${query}`).set(bearer(token));
    for (const user of ['nurse', 'police', 'safety', 'dutydesk']) {
      const res = await get(await t.login(`${user}@demo.medguard.kz`));
      expect([user, res.status]).toEqual([user, 403]);
    }
    expect((await get(await t.login('admin@demo.medguard.kz'))).status).toBe(200);
    expect((await t.http().get(`/api/v1/stats/response-times?month=${month}`)).status).toBe(401);
    const bad = await get(ministry, 'month=2026-13');
    expect([bad.status, bad.body.details?.[0]?.field]).toEqual([400, 'month']);
  });
});
