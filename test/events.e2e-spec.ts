import { randomBytes } from 'node:crypto';
import { seedId } from '../seeds/seed-ids';
import { CENTRAL, report, SUBSTATION_1 } from './support/incidents';
import { bearer, startTestApp, TestApp } from './support/test-app';

const OTHER_HOSPITAL = seedId('facility:almaty:gkb:1');
const TEAM_1 = seedId('unit:almaty:ambulance:1:1');
const TEAM_2 = seedId('unit:almaty:ambulance:1:2');
const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString().replace('Z', '+00:00');

/**
 * Several reports of one attack: suggesting them, joining them into an event and taking one out,
 * what each report then says, who may do it, and many people doing it at once.
 */
describe('events', () => {
  let t: TestApp;
  let nurse: string;
  let safety: string;
  let police: string;
  let dutyDesk: string;
  let admin: string;
  let ministry: string;
  let doctor: { id: string; token: string };
  let orderly: { id: string; token: string };
  let nurseId: string;
  let otherNurse: string;
  let otherSafety: string;
  let paramedic: string;
  let paramedic2: string;

  const account = async (role: string, facilityId: string) => {
    const email = `ev-${randomBytes(4).toString('hex')}@example.kz`;
    const password = 'Events-pass-2026!';
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ email, fullName: `Test ${role}`, role, facilityId, password });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, token: await t.login(email, password) };
  };
  const file = async (token: string, over: Record<string, unknown> = {}) => {
    const res = await t.http().post('/api/v1/incidents').set(bearer(token)).send(report(over));
    expect(res.status).toBe(201);
    return res.body as { id: string; reference: string };
  };
  const join = (token: string, id: string, body: Record<string, unknown>) =>
    t.http().post(`/api/v1/incidents/${id}/event`).set(bearer(token)).send(body);
  const leave = (token: string, id: string, body: Record<string, unknown> = {}) =>
    t.http().delete(`/api/v1/incidents/${id}/event`).set(bearer(token)).send(body);
  const related = (token: string, id: string) =>
    t.http().get(`/api/v1/incidents/${id}/related`).set(bearer(token));
  const read = async (id: string) => {
    const res = await t.http().get(`/api/v1/incidents/${id}`).set(bearer(admin));
    expect(res.status).toBe(200);
    return res.body;
  };
  const victimOf = (name: string, role = 'nurse', userId?: string) => ({
    role,
    injury: 'minor',
    fullName: name,
    ...(userId ? { userId } : {}),
  });

  beforeAll(async () => {
    t = await startTestApp();
    [nurse, safety, police, dutyDesk, admin, ministry, paramedic] = await t.loginAll(
      'nurse',
      'safety',
      'police',
      'dutydesk',
      'admin',
      'ministry',
      'paramedic',
    );
    nurseId = (await t.http().get('/api/v1/auth/me').set(bearer(nurse))).body.id;
    doctor = await account('staff', CENTRAL);
    orderly = await account('staff', CENTRAL);
    otherNurse = (await account('staff', OTHER_HOSPITAL)).token;
    otherSafety = (await account('facility_admin', OTHER_HOSPITAL)).token;
    paramedic2 = (await account('staff', SUBSTATION_1)).token;
  }, 60_000);
  afterAll(() => t.close());

  it('suggests another reporter’s report of the same hospital and hour, with the reasons, and nothing else', async () => {
    const a = await file(nurse, { occurredAt: minutesAgo(300) });
    const b = await file(doctor.token, {
      occurredAt: minutesAgo(290),
      unitId: null,
      victims: [victimOf('Daniyar Omarov', 'doctor')],
    });
    const sameReporter = await file(nurse, { occurredAt: minutesAgo(295) });
    await file(doctor.token, { occurredAt: minutesAgo(240) }); // an hour later
    await file(otherNurse, {
      occurredAt: minutesAgo(300),
      facilityId: OTHER_HOSPITAL,
      unitId: null,
    });

    const res = await related(safety, a.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        incidentId: b.id,
        reference: b.reference,
        occurredAt: expect.any(String),
        category: 'assault',
        reasons: [{ code: 'same_facility' }, { code: 'close_in_time', minutes: 10 }],
      },
    ]);
    expect(
      (await related(police, a.id)).body.map((r: { incidentId: string }) => r.incidentId),
    ).toEqual([b.id]);
    expect(
      (await related(admin, b.id)).body.map((r: { incidentId: string }) => r.incidentId),
    ).toEqual([sameReporter.id, a.id]); // closest first; the nurse's two are hers, not each other's
  });

  it('suggests ambulance calls of another team 150 m away, not 400 m away, with the distance', async () => {
    const call = (lat: number, unitId: string, at: number) => ({
      occurredAt: minutesAgo(at),
      facilityId: SUBSTATION_1,
      unitId,
      place: { kind: 'ambulance_call', address: 'Abai ave 10', lat, lon: 76.945 },
      victims: [victimOf('Yerlan Bekov', 'paramedic')],
    });
    const a = await file(paramedic, call(43.238, TEAM_1, 500));
    const near = await file(paramedic2, call(43.23935, TEAM_2, 495));
    await file(paramedic2, call(43.2416, TEAM_2, 495));
    const res = await related(admin, a.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        incidentId: near.id,
        reasons: [
          { code: 'nearby_address', metres: 150 },
          { code: 'close_in_time', minutes: 5 },
        ],
      }),
    ]);
  });

  it('joins a nurse’s and a doctor’s reports into one event: both become an attack on several medical workers, recorded who, when and why', async () => {
    const a = await file(nurse, { occurredAt: minutesAgo(700) });
    const b = await file(doctor.token, {
      occurredAt: minutesAgo(695),
      victims: [victimOf('Daniyar Omarov', 'doctor')],
    });
    expect((await read(a.id)).classification.category).toBe('assault');

    const res = await join(safety, a.id, { incidentId: b.id, reason: 'Same relative, same night' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      eventId: expect.any(String),
      incidentIds: [a.id, b.id].sort(),
      distinctMedicalWorkers: 2,
    });
    for (const id of [a.id, b.id]) {
      const incident = await read(id);
      expect(incident.event).toMatchObject({
        eventId: res.body.eventId,
        incidentIds: [a.id, b.id].sort(),
        distinctMedicalWorkers: 2,
      });
      expect(incident.classification.category).toBe('assault_multiple');
      expect(incident.classification.maxPenalty.years).toBe(15);
      expect(incident.classification.reasons).toContainEqual(
        expect.objectContaining({
          fact: 'event',
          value: { references: [a.reference, b.reference], medicalWorkers: 2 },
        }),
      );
      const types = incident.history.map((h: { type: string }) => h.type);
      expect(types).toEqual(['created', 'event_joined', 'reclassified']);
      expect(incident.history[1]).toMatchObject({
        type: 'event_joined',
        actor: { role: 'facility_admin' },
        note: 'Same relative, same night',
        data: { eventId: res.body.eventId },
      });
      expect(incident.history[2].data).toMatchObject({
        from: { category: 'assault' },
        to: { category: 'assault_multiple' },
      });
    }
    const audit = await t.db.query(
      `SELECT entity_id, action FROM audit_log WHERE entity_id = ANY($1::text[]) AND action LIKE 'incident.event%'`,
      [[a.id, b.id]],
    );
    expect(audit.map((r: { entity_id: string }) => r.entity_id).sort()).toEqual(
      [a.id, b.id].sort(),
    );
    // The event is counted once, by its earliest report.
    const flags = await t.db.query(
      `SELECT id, counts_event FROM incidents WHERE id = ANY($1::uuid[])`,
      [[a.id, b.id]],
    );
    expect(
      Object.fromEntries(
        flags.map((r: { id: string; counts_event: boolean }) => [r.id, r.counts_event]),
      ),
    ).toEqual({
      [a.id]: true,
      [b.id]: false,
    });
    // Joined, it is no longer a suggestion.
    expect((await related(safety, a.id)).body).toEqual([]);
  });

  it('counts a nurse named in both reports once: by account, and by name and role in other case and spacing', async () => {
    const a = await file(nurse, {
      occurredAt: minutesAgo(900),
      victims: [victimOf('Aigerim Seitkali', 'nurse', nurseId)],
    });
    const b = await file(doctor.token, {
      occurredAt: minutesAgo(898),
      victims: [victimOf('  AIGERIM   seitkali ', 'nurse')],
    });
    const c = await file(orderly.token, {
      occurredAt: minutesAgo(897),
      victims: [
        victimOf('Nurse on duty', 'nurse', nurseId),
        victimOf('Aigerim Seitkali', 'driver'),
      ],
    });
    expect((await join(safety, a.id, { incidentId: b.id })).body.distinctMedicalWorkers).toBe(1);
    const res = await join(police, c.id, { incidentId: b.id });
    expect(res.status).toBe(200);
    expect(res.body.distinctMedicalWorkers).toBe(1);
    for (const id of [a.id, b.id, c.id])
      expect((await read(id)).classification.category).toBe('assault');
    const counted = await t.db.query(
      `SELECT incident_id, position, counted FROM incident_victims WHERE incident_id = ANY($1::uuid[])`,
      [[a.id, b.id, c.id]],
    );
    const flag = (id: string, position = 0) =>
      counted.find(
        (r: { incident_id: string; position: number }) =>
          r.incident_id === id && r.position === position,
      ).counted;
    expect([flag(a.id), flag(b.id), flag(c.id, 0), flag(c.id, 1)]).toEqual([
      true,
      false,
      false,
      true,
    ]);
  });

  it('takes a report out: the event dissolves, both reports are back to their own facts and every flag is true again', async () => {
    const a = await file(nurse, { occurredAt: minutesAgo(1100) });
    const b = await file(doctor.token, {
      occurredAt: minutesAgo(1090),
      victims: [victimOf('Daniyar Omarov', 'doctor')],
    });
    const joined = await join(safety, a.id, { incidentId: b.id });
    expect(joined.status).toBe(200);

    const res = await leave(police, a.id, { reason: 'A different attack, an hour apart' });
    expect(res.status).toBe(204);
    for (const id of [a.id, b.id]) {
      const incident = await read(id);
      expect(incident.event).toBeNull();
      expect(incident.classification.category).toBe('assault');
      expect(incident.classification.reasons.map((r: { fact: string }) => r.fact)).not.toContain(
        'event',
      );
      expect(incident.history.map((h: { type: string }) => h.type)).toEqual([
        'created',
        'event_joined',
        'reclassified',
        'event_left',
        'reclassified',
      ]);
    }
    expect((await read(a.id)).history[3]).toMatchObject({
      actor: { role: 'police' },
      note: 'A different attack, an hour apart',
    });
    const [event] = await t.db.query(
      `SELECT count(*)::int AS n FROM incident_events WHERE id = $1`,
      [joined.body.eventId],
    );
    expect(event.n).toBe(0);
    const [flags] = await t.db.query(
      `SELECT bool_and(i.counts_event) AS events, bool_and(v.counted) AS victims
         FROM incidents i JOIN incident_victims v ON v.incident_id = i.id WHERE i.id = ANY($1::uuid[])`,
      [[a.id, b.id]],
    );
    expect(flags).toEqual({ events: true, victims: true });
    // Out of the event, it is a suggestion again.
    expect(
      (await related(safety, a.id)).body.map((r: { incidentId: string }) => r.incidentId),
    ).toEqual([b.id]);
  });

  it('merges two events when reports of each are joined, and a report taken out of three leaves the other two', async () => {
    const at = (m: number, token: string, role: string, name: string) =>
      file(token, { occurredAt: minutesAgo(m), victims: [victimOf(name, role)] });
    const a = await at(1300, nurse, 'nurse', 'Aigerim Seitkali');
    const b = await at(1299, doctor.token, 'doctor', 'Daniyar Omarov');
    const c = await at(1298, orderly.token, 'orderly', 'Bolat Nurlanov');
    const d = await at(1297, nurse, 'nurse', 'Aigerim Seitkali');
    const first = await join(safety, a.id, { incidentId: b.id });
    const second = await join(safety, c.id, { incidentId: d.id });
    const merged = await join(admin, b.id, { incidentId: c.id });
    expect(merged.status).toBe(200);
    expect(merged.body.incidentIds).toEqual([a.id, b.id, c.id, d.id].sort());
    expect(merged.body.distinctMedicalWorkers).toBe(3);
    expect([first.body.eventId, second.body.eventId]).toContain(merged.body.eventId);
    const [events] = await t.db.query(
      `SELECT count(*)::int AS n FROM incident_events WHERE id = ANY($1::uuid[])`,
      [[first.body.eventId, second.body.eventId]],
    );
    expect(events.n).toBe(1);
    // Joining again what is already one event changes nothing.
    const again = await join(safety, a.id, { incidentId: d.id });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(merged.body);

    expect((await leave(safety, b.id)).status).toBe(204);
    const rest = await read(a.id);
    expect(rest.event).toMatchObject({
      incidentIds: [a.id, c.id, d.id].sort(),
      distinctMedicalWorkers: 2,
    });
    expect(rest.classification.category).toBe('assault_multiple');
    expect((await read(b.id)).classification.category).toBe('assault');
    // Taking out a report in no event is done already.
    expect((await leave(safety, b.id)).status).toBe(204);
  });

  it('refuses other roles, reports the caller cannot see, and bad input, changing nothing', async () => {
    const a = await file(nurse, { occurredAt: minutesAgo(1500) });
    const b = await file(doctor.token, { occurredAt: minutesAgo(1495) });
    const elsewhere = await file(otherNurse, {
      occurredAt: minutesAgo(1500),
      facilityId: OTHER_HOSPITAL,
      unitId: null,
    });
    for (const token of [nurse, ministry]) {
      expect((await related(token, a.id)).status).toBe(403);
      expect((await join(token, a.id, { incidentId: b.id })).status).toBe(403);
      expect((await leave(token, a.id)).status).toBe(403);
    }
    // The city duty desk was not alerted to either; the other hospital's safety officer sees neither.
    for (const token of [dutyDesk, otherSafety]) {
      expect((await related(token, a.id)).status).toBe(404);
      expect((await join(token, a.id, { incidentId: b.id })).status).toBe(404);
      expect((await leave(token, a.id)).status).toBe(404);
    }
    // Either id out of sight is the same 404.
    expect((await join(safety, a.id, { incidentId: elsewhere.id })).status).toBe(404);
    expect((await join(safety, elsewhere.id, { incidentId: a.id })).status).toBe(404);
    expect((await join(safety, a.id, { incidentId: randomUuid() })).status).toBe(404);
    for (const [body, field] of [
      [{}, 'incidentId'],
      [{ incidentId: 'nope' }, 'incidentId'],
      [{ incidentId: a.id }, 'incidentId'],
      [{ incidentId: b.id, reason: 'x'.repeat(1001) }, 'reason'],
    ] as const) {
      const res = await join(safety, a.id, body);
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect((await leave(safety, a.id, { reason: 'x'.repeat(1001) })).status).toBe(400);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM incidents WHERE id = ANY($1::uuid[]) AND event_id IS NOT NULL`,
      [[a.id, b.id, elsewhere.id]],
    );
    expect(n).toBe(0);
    // The other hospital's reports are no suggestion of this one's.
    expect((await related(admin, elsewhere.id)).body).toEqual([]);
  });

  it('dozens of joins and take-outs at once on overlapping reports leave every event, flag and category consistent', async () => {
    const reporters = [nurse, doctor.token, orderly.token];
    const names = ['Aigerim Seitkali', 'Daniyar Omarov', 'Bolat Nurlanov'];
    const roles = ['nurse', 'doctor', 'orderly'];
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const made = await file(reporters[i % 3], {
        occurredAt: minutesAgo(2000 - i),
        victims: [victimOf(names[i % 3], roles[i % 3])],
      });
      ids.push(made.id);
    }
    const actors = [safety, police, admin];
    const state = async () =>
      (await t.db.query(
        `SELECT id, event_id, counts_event, category,
                (SELECT count(*) FILTER (WHERE counted)::int FROM incident_victims v WHERE v.incident_id = i.id) AS counted
           FROM incidents i WHERE id = ANY($1::uuid[]) ORDER BY occurred_at, id`,
        [ids],
      )) as Array<{
        id: string;
        event_id: string | null;
        counts_event: boolean;
        category: string;
        counted: number;
      }>;
    const events = async () =>
      (
        await t.db.query(
          `SELECT count(*)::int AS n FROM incident_events e
            WHERE EXISTS (SELECT 1 FROM incidents i WHERE i.event_id = e.id AND i.id = ANY($1::uuid[]))
               OR NOT EXISTS (SELECT 1 FROM incidents i WHERE i.event_id = e.id)`,
          [ids],
        )
      )[0].n as number;

    // A chain of joins, each pair both ways, all at once: one event of all twelve.
    const chain = ids
      .slice(1)
      .flatMap((id, i) => [
        join(actors[i % 3], ids[i], { incidentId: id }),
        join(actors[(i + 1) % 3], id, { incidentId: ids[i] }),
      ]);
    expect((await Promise.all(chain)).map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    let rows = await state();
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(1);
    expect(rows[0].event_id).not.toBeNull();
    expect(rows.map((r) => r.counts_event)).toEqual(rows.map((_, i) => i === 0));
    expect(rows.map((r) => r.counted)).toEqual(rows.map((_, i) => (i < 3 ? 1 : 0)));
    expect(new Set(rows.map((r) => r.category))).toEqual(new Set(['assault_multiple']));
    expect(await events()).toBe(1);

    // Half taken out while the rest are joined again, all at once: six in one event, six in none.
    const mixed = ids.flatMap((id, i) =>
      i < 6
        ? [leave(actors[i % 3], id), leave(actors[(i + 1) % 3], id)]
        : [join(actors[i % 3], id, { incidentId: ids[i === 11 ? 6 : i + 1] })],
    );
    expect(
      (await Promise.all(mixed)).map((r) => r.status).filter((s) => s !== 200 && s !== 204),
    ).toEqual([]);
    rows = await state();
    const [out, still] = [rows.slice(0, 6), rows.slice(6)];
    expect(out.map((r) => [r.event_id, r.counts_event, r.counted, r.category])).toEqual(
      out.map(() => [null, true, 1, 'assault']),
    );
    expect(new Set(still.map((r) => r.event_id)).size).toBe(1);
    expect(still.map((r) => r.counts_event)).toEqual(still.map((_, i) => i === 0));
    expect(still.map((r) => r.counted)).toEqual(still.map((_, i) => (i < 3 ? 1 : 0)));
    expect(new Set(still.map((r) => r.category))).toEqual(new Set(['assault_multiple']));
    expect(await events()).toBe(1);
    const view = await read(still[0].id);
    expect(view.event).toMatchObject({
      incidentIds: still.map((r) => r.id).sort(),
      distinctMedicalWorkers: 3,
    });

    // Everything taken out at once, twice over: no event is left.
    const all = ids.flatMap((id, i) => [leave(actors[i % 3], id), leave(actors[(i + 2) % 3], id)]);
    expect((await Promise.all(all)).map((r) => r.status).filter((s) => s !== 204)).toEqual([]);
    rows = await state();
    expect(rows.map((r) => [r.event_id, r.counts_event, r.counted, r.category])).toEqual(
      rows.map(() => [null, true, 1, 'assault']),
    );
    expect(await events()).toBe(0);
  }, 60_000);
});

function randomUuid(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
