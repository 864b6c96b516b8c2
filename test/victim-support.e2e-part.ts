import { AuditService } from '../src/audit/audit.service';
import { Clock } from '../src/common/clock';
import { PersonalDataErasure } from '../src/incidents/personal-data-erasure.service';
import { regionId } from '../seeds/reference';
import { seedId } from '../seeds/seed-ids';
import { databaseAsText } from './support/database-text';
import { CENTRAL, CENTRAL_ADMISSION, hoursAgo, report } from './support/incidents';
import { bearer, startTestApp, TestApp } from './support/test-app';
import { shiftClock } from './support/test-clock';

const DAY_MS = 24 * 3600_000;
const OTHER_FACILITY = seedId('facility:almaty:gkb:1');
const OTHER_UNIT = seedId('unit:almaty:gkb:1:admission');
const inDays = (d: number) => new Date(Date.now() + d * DAY_MS).toISOString();

/** Two victims: the nurse who was struck and the orderly who stepped in. */
const TWO_VICTIMS = {
  victims: [
    { role: 'nurse', injury: 'moderate', fullName: 'Aigerim Supportova' },
    { role: 'orderly', injury: 'minor' },
  ],
};

describe('victim support of a report', () => {
  let t: TestApp;
  let admin: string;
  let nurse: string;
  let safety: string;
  let police: string;
  let ministry: string;
  let otherNurse: string;
  let safetyId: string;

  beforeAll(async () => {
    t = await startTestApp();
    [admin, nurse, safety, police, ministry] = await t.loginAll(
      'admin',
      'nurse',
      'safety',
      'police',
      'ministry',
    );
    safetyId = (await t.http().get('/api/v1/auth/me').set(bearer(safety))).body.id;
    const made = await t.http().post('/api/v1/users').set(bearer(admin)).send({
      email: 'nurse.gkb1@demo.medguard.kz',
      fullName: 'Other Hospital Nurse',
      role: 'staff',
      facilityId: OTHER_FACILITY,
      password: 'Other-nurse-2026-long!',
    });
    expect(made.status).toBe(201);
    otherNurse = await t.login('nurse.gkb1@demo.medguard.kz', 'Other-nurse-2026-long!');
  }, 60_000);
  afterAll(() => t.close());

  const file = async (token = nurse, over: Record<string, unknown> = TWO_VICTIMS) => {
    const res = await t.http().post('/api/v1/incidents').set(bearer(token)).send(report(over));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const put = (id: string, body: unknown, token = safety) =>
    t
      .http()
      .put(`/api/v1/incidents/${id}/support`)
      .set(bearer(token))
      .send(body as object);
  const get = (id: string, token = safety) =>
    t.http().get(`/api/v1/incidents/${id}/support`).set(bearer(token));
  const rows = async (id: string) =>
    (
      (await t.db.query(
        `SELECT (SELECT count(*) FROM incident_support WHERE incident_id = $1)::int AS items,
                (SELECT count(*) FROM incident_history WHERE incident_id = $1)::int AS history,
                (SELECT count(*) FROM audit_log WHERE entity_id = $1::text)::int AS audit`,
        [id],
      )) as Array<{ items: number; history: number; audit: number }>
    )[0];

  it('keeps the list the safety officer saves and reads it back, with who changed it and when', async () => {
    const id = await file();
    const due = inDays(3);
    const saved = await put(id, [
      { victimIndex: 0, kind: 'medical_care', state: 'completed' },
      { victimIndex: 0, kind: 'counselling', state: 'offered', dueAt: due, note: 'Session 1' },
      { victimIndex: 1, kind: 'legal_aid', state: 'accepted', dueAt: null, note: null },
    ]);
    expect(saved.status).toBe(200);
    const expected = [
      { victimIndex: 0, kind: 'medical_care', state: 'completed', dueAt: null, note: null },
      { victimIndex: 0, kind: 'counselling', state: 'offered', note: 'Session 1' },
      { victimIndex: 1, kind: 'legal_aid', state: 'accepted', dueAt: null, note: null },
    ].map((item) => expect.objectContaining({ ...item, overdue: false, updatedBy: safetyId }));
    expect(saved.body).toEqual(expected);
    expect(new Date(saved.body[1].dueAt).getTime()).toBe(new Date(due).getTime());
    const read = await get(id);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(saved.body);

    // An admin replaces the list: the unchanged item keeps its stamp, a left-out one is gone.
    const [adminId] = [(await t.http().get('/api/v1/auth/me').set(bearer(admin))).body.id];
    const replaced = await put(
      id,
      [
        { victimIndex: 0, kind: 'medical_care', state: 'completed' },
        { victimIndex: 0, kind: 'counselling', state: 'completed', note: 'Done' },
      ],
      admin,
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body).toHaveLength(2);
    expect(replaced.body[0]).toMatchObject({
      updatedBy: safetyId,
      updatedAt: saved.body[0].updatedAt,
    });
    expect(replaced.body[1]).toMatchObject({
      state: 'completed',
      note: 'Done',
      updatedBy: adminId,
    });
    await expect(get(id).then((r) => r.body)).resolves.toEqual(replaced.body);
    // An empty list clears it.
    expect((await put(id, [])).body).toEqual([]);
    await expect(get(id).then((r) => r.body)).resolves.toEqual([]);
  });

  it('refuses bad lists naming the field, and changes nothing', async () => {
    const id = await file();
    await put(id, [{ victimIndex: 0, kind: 'legal_aid', state: 'offered', note: 'Kept' }]);
    const before = await rows(id);
    const cases: Array<[unknown, string]> = [
      [{ victimIndex: 0, kind: 'legal_aid', state: 'offered' }, 'body'],
      ['legal_aid', 'body'],
      [[{ victimIndex: 2, kind: 'legal_aid', state: 'offered' }], '[0].victimIndex'],
      [[{ victimIndex: -1, kind: 'legal_aid', state: 'offered' }], '[0].victimIndex'],
      [[{ victimIndex: 0.5, kind: 'legal_aid', state: 'offered' }], '[0].victimIndex'],
      [[{ victimIndex: 0, kind: 'massage', state: 'offered' }], '[0].kind'],
      [[{ victimIndex: 0, kind: 'legal_aid', state: 'done' }], '[0].state'],
      [[{ victimIndex: 0, kind: 'legal_aid' }], '[0].state'],
      [
        [{ victimIndex: 0, kind: 'legal_aid', state: 'offered', dueAt: '2026-03-14T10:00' }],
        '[0].dueAt',
      ],
      [
        [{ victimIndex: 0, kind: 'legal_aid', state: 'offered', note: 'x'.repeat(2001) }],
        '[0].note',
      ],
      [[{ victimIndex: 0, kind: 'legal_aid', state: 'offered', overdue: false }], '[0].overdue'],
      [[null], '[0]'],
      [
        [
          { victimIndex: 1, kind: 'sick_leave', state: 'offered' },
          { victimIndex: 0, kind: 'sick_leave', state: 'offered' },
          { victimIndex: 1, kind: 'sick_leave', state: 'declined' },
        ],
        '[2].kind',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await put(id, body);
      expect({
        body,
        status: res.status,
        fields: res.body.details?.map((d: { field: string }) => d.field),
      }).toEqual({
        body,
        status: 400,
        fields: expect.arrayContaining([field]),
      });
    }
    expect(await rows(id)).toEqual(before);
    await expect(get(id).then((r) => r.body)).resolves.toMatchObject([{ note: 'Kept' }]);
  });

  it('is only for the facility’s admin and admins: everyone else is refused and nothing changes', async () => {
    const id = await file();
    const otherId = await file(otherNurse, {
      facilityId: OTHER_FACILITY,
      unitId: OTHER_UNIT,
      ...TWO_VICTIMS,
    });
    const list = [{ victimIndex: 0, kind: 'counselling', state: 'offered' }];
    const before = [await rows(id), await rows(otherId)];
    for (const [token, status] of [
      [nurse, 403],
      [police, 403],
      [ministry, 403],
      [otherNurse, 403],
    ] as const) {
      expect((await get(id, token)).status).toBe(status);
      expect((await put(id, list, token)).status).toBe(status);
    }
    // Another facility's report reads as unknown to this facility's safety officer.
    expect((await get(otherId)).status).toBe(404);
    expect((await put(otherId, list)).status).toBe(404);
    expect((await t.http().get(`/api/v1/incidents/${id}/support`)).status).toBe(401);
    expect((await t.http().put(`/api/v1/incidents/${id}/support`).send(list)).status).toBe(401);
    expect([await rows(id), await rows(otherId)]).toEqual(before);
    // An admin reaches every facility's.
    expect((await put(otherId, list, admin)).status).toBe(200);
  });

  it('leaves one whole list of the thirty saved at once, each save in history and the audit log', async () => {
    const id = await file();
    const before = await rows(id);
    const lists = Array.from({ length: 30 }, (_, n) => [
      { victimIndex: 0, kind: 'medical_care', state: 'offered', note: `list ${n} care` },
      { victimIndex: 1, kind: 'counselling', state: 'accepted', note: `list ${n} counselling` },
      ...(n % 2
        ? [{ victimIndex: 1, kind: 'sick_leave', state: 'completed', note: `list ${n}` }]
        : []),
    ]);
    const answers = await Promise.all(
      lists.map((list, n) => put(id, list, n % 3 ? safety : admin)),
    );
    expect(answers.map((a) => a.status)).toEqual(lists.map(() => 200));
    const final = (await get(id)).body as Array<{
      victimIndex: number;
      kind: string;
      state: string;
      note: string;
    }>;
    const stored = final.map(({ victimIndex, kind, state, note }) => ({
      victimIndex,
      kind,
      state,
      note,
    }));
    expect(lists).toContainEqual(stored);
    const after = await rows(id);
    expect(after.items).toBe(stored.length);
    expect(after.history - before.history).toBe(30);
    const [{ audits }] = (await t.db.query(
      `SELECT count(*)::int AS audits FROM audit_log WHERE entity_id = $1 AND action = 'incident.support_updated'`,
      [id],
    )) as Array<{ audits: number }>;
    expect(audits).toBe(30);
  });

  it('flags an item overdue once its due date passes, unless it is completed or declined', async () => {
    const id = await file();
    const due = inDays(2);
    await put(id, [
      { victimIndex: 0, kind: 'counselling', state: 'offered', dueAt: due },
      { victimIndex: 0, kind: 'sick_leave', state: 'declined', dueAt: due },
      { victimIndex: 1, kind: 'return_to_work', state: 'completed', dueAt: due },
      { victimIndex: 1, kind: 'legal_aid', state: 'accepted', dueAt: inDays(9) },
    ]);
    const overdue = async () =>
      ((await get(id)).body as Array<{ overdue: boolean }>).map((i) => i.overdue);
    await expect(overdue()).resolves.toEqual([false, false, false, false]);
    const restore = shiftClock([t.app], 3 * DAY_MS);
    try {
      await expect(overdue()).resolves.toEqual([true, false, false, false]);
    } finally {
      restore();
    }
  });

  it('records each save in the report’s history and the audit log without the note', async () => {
    const id = await file();
    const note = 'Counselling after a panic attack, sees Dr. Secretova';
    await put(id, [{ victimIndex: 0, kind: 'counselling', state: 'accepted', note }]);
    const incident = (await t.http().get(`/api/v1/incidents/${id}`).set(bearer(safety))).body;
    const entry = incident.history.find((h: { type: string }) => h.type === 'support_updated');
    expect(entry).toMatchObject({
      type: 'support_updated',
      actor: { role: 'facility_admin', id: safetyId },
    });
    expect(JSON.stringify(incident.history)).not.toContain('Secretova');
    const audit = (await t.db.query(
      `SELECT action, details::text AS details FROM audit_log WHERE entity_id = $1 AND action LIKE 'incident.support%' ORDER BY seq`,
      [id],
    )) as Array<{ action: string; details: string }>;
    expect(audit.map((a) => a.action)).toEqual(['incident.support_updated']);
    expect(audit[0].details).not.toContain('Secretova');
    // Reading it is a read of personal data: the report's access log shows who read it.
    await get(id);
    const log = await t.http().get(`/api/v1/incidents/${id}/access-log`).set(bearer(nurse));
    expect(log.status).toBe(200);
    expect(log.body).toContainEqual(
      expect.objectContaining({ role: 'facility_admin', what: 'support' }),
    );
  });

  it('keeps the note encrypted at rest and erases it with the report’s personal data', async () => {
    const id = await file();
    const note = 'Sick leave for a concussion, neurologist Dr. Cipherova';
    await put(id, [{ victimIndex: 0, kind: 'sick_leave', state: 'accepted', note }]);
    expect(await databaseAsText(t.db)).not.toContain('Cipherova');
    const closed = await t
      .http()
      .patch(`/api/v1/incidents/${id}/status`)
      .set(bearer(admin))
      .send({ status: 'closed', outcome: 'resolved' });
    expect(closed.status).toBe(200);
    const erasure = new PersonalDataErasure(t.db, t.app.get(AuditService), t.app.get(Clock));
    const restore = shiftClock([t.app], 30 * 365 * DAY_MS);
    try {
      expect(await erasure.sweep()).toBeGreaterThanOrEqual(1);
    } finally {
      restore();
    }
    const [item] = (await get(id)).body;
    expect(item).toMatchObject({ kind: 'sick_leave', state: 'accepted', note: null });
  });

  it('lists a unit’s reports only when asked for that unit', async () => {
    const inUnit = await file(nurse, { ...TWO_VICTIMS, occurredAt: hoursAgo(30) });
    const noUnit = await file(nurse, {
      ...TWO_VICTIMS,
      unitId: undefined,
      occurredAt: hoursAgo(30),
    });
    const window = `from=${encodeURIComponent(hoursAgo(31))}&to=${encodeURIComponent(hoursAgo(29))}`;
    const list = await t
      .http()
      .get(`/api/v1/incidents?${window}&unitId=${CENTRAL_ADMISSION}`)
      .set(bearer(safety));
    expect(list.status).toBe(200);
    const ids = list.body.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(inUnit);
    expect(ids).not.toContain(noUnit);
    expect(list.body.items.every((i: { unitId: string }) => i.unitId === CENTRAL_ADMISSION)).toBe(
      true,
    );
    const bad = await t.http().get('/api/v1/incidents?unitId=nope').set(bearer(safety));
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['unitId']);
    expect(CENTRAL).toBeDefined();
  });

  it('gives the ministry the month’s victims offered support and with support completed, by region', async () => {
    const now = new Date(Date.now() + 5 * 3600_000);
    const thisMonth = now.toISOString().slice(0, 7);
    const first = new Date(`${thisMonth}-01T00:00:00+05:00`);
    const last = new Date(first.getTime() - 1);
    const previous = new Date(last.getTime() + 5 * 3600_000).toISOString().slice(0, 7);
    const lastDay = new Date(last.getTime() + 5 * 3600_000).toISOString().slice(0, 10);
    const shares = async (month: string, region?: string) => {
      const res = await t
        .http()
        .get(
          `/api/v1/stats/monthly?month=${month}&groupBy=region${region ? `&regionId=${region}` : ''}`,
        )
        .set(bearer(ministry));
      expect(res.status).toBe(200);
      return res.body.support as { victims: number; offered: number; completed: number };
    };
    const before = {
      previous: await shares(previous),
      almaty: await shares(previous, regionId('KZ-75')),
      karaganda: await shares(previous, regionId('KZ-35')),
      current: await shares(thisMonth),
    };
    // The last minute of the month before (Almaty time) and the first of this one.
    const late = await file(nurse, { ...TWO_VICTIMS, occurredAt: `${lastDay}T23:59:30+05:00` });
    const early = await file(nurse, {
      ...TWO_VICTIMS,
      occurredAt: `${thisMonth}-01T00:00:30+05:00`,
    });
    const third = await file(nurse, {
      occurredAt: `${lastDay}T10:00:00+05:00`,
      victims: [{ role: 'doctor', injury: 'none' }],
    });
    await put(late, [
      { victimIndex: 0, kind: 'medical_care', state: 'completed' },
      { victimIndex: 0, kind: 'legal_aid', state: 'declined' },
      { victimIndex: 1, kind: 'counselling', state: 'completed' },
      { victimIndex: 1, kind: 'sick_leave', state: 'accepted' },
    ]);
    await put(third, [{ victimIndex: 0, kind: 'legal_aid', state: 'declined' }]);
    await put(early, [{ victimIndex: 0, kind: 'medical_care', state: 'completed' }]);
    const delta = (a: typeof before.previous, b: typeof before.previous) => ({
      victims: a.victims - b.victims,
      offered: a.offered - b.offered,
      completed: a.completed - b.completed,
    });
    expect(delta(await shares(previous), before.previous)).toEqual({
      victims: 3,
      offered: 3,
      completed: 1,
    });
    expect(delta(await shares(previous, regionId('KZ-75')), before.almaty)).toEqual({
      victims: 3,
      offered: 3,
      completed: 1,
    });
    expect(delta(await shares(previous, regionId('KZ-35')), before.karaganda)).toEqual({
      victims: 0,
      offered: 0,
      completed: 0,
    });
    expect(delta(await shares(thisMonth), before.current)).toEqual({
      victims: 2,
      offered: 1,
      completed: 1,
    });
    // The files carry the same figures as summary lines.
    const csv = await t
      .http()
      .get(`/api/v1/stats/monthly.csv?month=${previous}&lang=en`)
      .set(bearer(ministry));
    expect(csv.status).toBe(200);
    const after = await shares(previous);
    const text = csv.text ?? Buffer.from(csv.body).toString('utf8');
    expect(text).toContain(`support.offered,Victims offered support,${after.offered}`);
    expect(text).toContain(
      `support.completed,Victims whose support is completed,${after.completed}`,
    );
  });

  it('names the alerted post and the officer who acknowledged, and when', async () => {
    const id = await file();
    const incident = (await t.http().get(`/api/v1/incidents/${id}`).set(bearer(safety))).body;
    const alert = incident.alerts[0];
    expect(alert).toMatchObject({ acknowledgedAt: null, acknowledgedBy: null });
    expect(alert.postName).toEqual(expect.any(String));
    const ack = await t.http().post(`/api/v1/alerts/${alert.id}/ack`).set(bearer(police));
    expect(ack.status).toBe(200);
    const policeId = (await t.http().get('/api/v1/auth/me').set(bearer(police))).body.id;
    const after = (await t.http().get(`/api/v1/incidents/${id}`).set(bearer(safety))).body
      .alerts[0];
    expect(after).toMatchObject({
      acknowledgedBy: { id: policeId, name: expect.any(String) },
      acknowledgedAt: expect.any(String),
    });
    // The reporter learns when, not which officer.
    const mine = (await t.http().get(`/api/v1/incidents/${id}`).set(bearer(nurse))).body.alerts[0];
    expect(mine).toMatchObject({ acknowledgedAt: after.acknowledgedAt, acknowledgedBy: null });
  });
});
