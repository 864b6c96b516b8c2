import { randomBytes } from 'node:crypto';
import { DEMO_IDS } from '../seeds/demo';
import { AlertSweeper } from '../src/alerts/alert-sweeper.service';
import { startAlertStack } from './support/alert-stack';
import { CENTRAL, report } from './support/incidents';
import { alertStream } from './support/sse-client';
import { bearer, listenOnLoopback, TestApp } from './support/test-app';
import { shiftClock } from './support/test-clock';

const MINUTE = 60_000;
const minutesAgo = (m: number) =>
  new Date(Date.now() - m * MINUTE).toISOString().replace('Z', '+00:00');

/**
 * The event decides the category: what joining and leaving do to each report's classification
 * under its own rule set, and to the alerts the police post is working on.
 */
describe('events and classification', () => {
  let stack: Awaited<ReturnType<typeof startAlertStack>>;
  let t: TestApp;
  let base: string;
  let nurse: string;
  let safety: string;
  let police: string;
  let admin: string;
  let doctor: string;
  let restore: () => void = () => undefined;

  beforeAll(async () => {
    stack = await startAlertStack();
    t = stack.api;
    base = await listenOnLoopback(t);
    [nurse, safety, police, admin] = await t.loginAll('nurse', 'safety', 'police', 'admin');
    const email = `ev-${randomBytes(4).toString('hex')}@example.kz`;
    const made = await t.http().post('/api/v1/users').set(bearer(admin)).send({
      email,
      fullName: 'Daniyar Omarov',
      role: 'staff',
      facilityId: CENTRAL,
      password: 'Events-pass-2026!',
    });
    expect(made.status).toBe(201);
    doctor = await t.login(email, 'Events-pass-2026!');
  }, 60_000);
  afterEach(() => restore());
  afterAll(() => stack.close());

  const file = async (token: string, over: Record<string, unknown> = {}) => {
    const res = await t.http().post('/api/v1/incidents').set(bearer(token)).send(report(over));
    expect(res.status).toBe(201);
    return res.body as {
      id: string;
      reference: string;
      alerts: Array<{ id: string }>;
      classification: { category: string };
    };
  };
  const byDoctor = (over: Record<string, unknown> = {}) =>
    file(doctor, {
      victims: [{ role: 'doctor', injury: 'minor', fullName: 'Daniyar Omarov' }],
      ...over,
    });
  const join = (token: string, id: string, incidentId: string) =>
    t.http().post(`/api/v1/incidents/${id}/event`).set(bearer(token)).send({ incidentId });
  const read = async (id: string) =>
    (await t.http().get(`/api/v1/incidents/${id}`).set(bearer(admin))).body;
  const alertsOf = (
    incidentId: string,
  ): Promise<
    Array<{ police_post_id: string; priority: number; deadline_at: Date; created_at: Date }>
  > =>
    t.db.query(
      `SELECT police_post_id, priority, deadline_at, created_at FROM alerts
        WHERE incident_id = $1 ORDER BY escalation_level, police_post_id`,
      [incidentId],
    );
  const relayed = async (ids: string[]) => {
    for (let i = 0; i < 100; i++) {
      const [row] = await t.db.query(
        `SELECT count(*)::int AS n FROM outbox o JOIN alerts a ON a.id = o.alert_id
          WHERE a.incident_id = ANY($1::uuid[]) AND o.relayed_at IS NULL`,
        [ids],
      );
      if (row.n === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the relay did not pick up the outbox');
  };

  it('a join that makes the attack one on several workers moves the open alerts: priority, deadline, console and escalation', async () => {
    const live = alertStream(base, police);
    await live.open();
    try {
      await new Promise((r) => setTimeout(r, 300));
      const a = await file(nurse);
      const b = await byDoctor();
      expect([a.classification.category, b.classification.category]).toEqual([
        'assault',
        'assault',
      ]);
      await relayed([a.id, b.id]);
      const [before] = await alertsOf(a.id);
      expect(before.deadline_at.getTime() - before.created_at.getTime()).toBe(5 * MINUTE);

      expect((await join(safety, a.id, b.id)).status).toBe(200);
      for (const id of [a.id, b.id]) {
        const [after] = await alertsOf(id);
        expect(after.priority).toBe(1);
        expect(after.deadline_at.getTime() - after.created_at.getTime()).toBe(2 * MINUTE);
      }
      const events = await live.waitFor(4);
      expect(events.map((e) => e.event)).toEqual(['alert', 'alert', 'updated', 'updated']);
      expect(
        events.slice(2).map((e) => JSON.parse(e.data) as { id: string; priority: number }),
      ).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            id: a.alerts[0].id,
            priority: 1,
            incident: expect.objectContaining({ category: 'assault_multiple' }),
          }),
          expect.objectContaining({ id: b.alerts[0].id, priority: 1 }),
        ]),
      );

      // Three minutes on — before the assault's five — both have gone to the city duty desk.
      await relayed([a.id, b.id]);
      restore = shiftClock([t.app, stack.worker], 3 * MINUTE);
      await stack.worker.get(AlertSweeper).sweep();
      for (const id of [a.id, b.id])
        expect((await alertsOf(id)).map((r) => r.police_post_id)).toEqual([
          DEMO_IDS.centralPost,
          DEMO_IDS.almatyDutyDesk,
        ]);
    } finally {
      live.close();
    }
  });

  it('taking a report out gives its alerts back the assault’s terms; a closed report keeps its category and still counts its victims', async () => {
    const a = await file(nurse, { occurredAt: minutesAgo(100) });
    const b = await byDoctor({ occurredAt: minutesAgo(95) });
    const closed = await byDoctor({ occurredAt: minutesAgo(98) });
    const shut = await t
      .http()
      .patch(`/api/v1/incidents/${closed.id}/status`)
      .set(bearer(police))
      .send({ status: 'closed', outcome: 'duplicate', note: 'Filed twice' });
    expect(shut.status).toBe(200);
    expect((await join(safety, a.id, b.id)).status).toBe(200);
    expect((await join(police, closed.id, a.id)).status).toBe(200);
    expect((await read(closed.id)).classification.category).toBe('assault');
    expect((await read(a.id)).classification.category).toBe('assault_multiple');

    const out = await t
      .http()
      .delete(`/api/v1/incidents/${b.id}/event`)
      .set(bearer(police))
      .send({ reason: 'Another night' });
    expect(out.status).toBe(204);
    const left = await read(b.id);
    expect(left.classification.category).toBe('assault');
    const [alert] = await alertsOf(b.id);
    expect(alert.deadline_at.getTime() - alert.created_at.getTime()).toBe(5 * MINUTE);
    expect(left.history.at(-1)).toMatchObject({
      type: 'reclassified',
      note: 'Another night',
      data: { cause: 'event_left', to: { category: 'assault' } },
    });
    // The closed report still counts its doctor for the nurse's report left in the event with it.
    expect((await read(a.id)).classification.category).toBe('assault_multiple');
    // The nurse's report is still in an event, with the closed one.
    expect((await read(a.id)).event.incidentIds).toEqual([a.id, closed.id].sort());
  });

  it('classifies each report of the event under the rule set in force at its own time', async () => {
    const earlier = await file(nurse, { occurredAt: minutesAgo(300) });
    const current = (
      await t.http().get('/api/v1/classification/rule-sets/current').set(bearer(admin))
    ).body;
    const { categories, medicalWorkerRoles, rules, fallbackCategory } = current;
    const v2 = await t
      .http()
      .post('/api/v1/classification/rule-sets')
      .set(bearer(admin))
      .send({
        effectiveFrom: minutesAgo(200),
        medicalWorkerRoles,
        rules,
        fallbackCategory,
        categories: categories.map((c: { code: string; maxPenalty: object }) =>
          c.code === 'assault_multiple'
            ? { ...c, maxPenalty: { kind: 'imprisonment', years: 12 } }
            : c,
        ),
      });
    expect(v2.status).toBe(201);
    const later = await byDoctor({ occurredAt: minutesAgo(290) });
    const after = await byDoctor({
      occurredAt: minutesAgo(100),
      victims: [{ role: 'doctor', injury: 'minor', fullName: 'Serik Abenov' }],
    });
    expect((await join(admin, earlier.id, later.id)).status).toBe(200);
    expect((await join(admin, later.id, after.id)).status).toBe(200);
    const [e, l, a] = await Promise.all([earlier.id, later.id, after.id].map(read));
    expect([e, l, a].map((i) => i.classification.category)).toEqual([
      'assault_multiple',
      'assault_multiple',
      'assault_multiple',
    ]);
    expect([e, l, a].map((i) => i.classification.ruleSetVersion)).toEqual([
      current.version,
      current.version,
      v2.body.version,
    ]);
    expect([e, l, a].map((i) => i.classification.maxPenalty.years)).toEqual([15, 15, 12]);
    expect(a.classification.reasons).toContainEqual(
      expect.objectContaining({
        fact: 'event',
        value: {
          references: [earlier.reference, later.reference, after.reference],
          medicalWorkers: 3,
        },
      }),
    );
  });
});
