import { SUBSTATION_1 } from './support/incidents';
import {
  eventsWorldPerFile,
  EventsPeople,
  minutesAgo,
  OTHER_HOSPITAL,
  TEAM_1,
  TEAM_2,
} from './support/events-world';
import { TestApp } from './support/test-app';

/**
 * Several reports of one attack: suggesting them, joining them into an event and taking one out,
 * and what each report then says.
 */
describe('events', () => {
  const world = eventsWorldPerFile();
  const { file, join, leave, related, read, victimOf } = world;
  let t: TestApp;
  let nurse: string;
  let safety: string;
  let police: string;
  let admin: string;
  let doctor: EventsPeople['doctor'];
  let orderly: EventsPeople['orderly'];
  let nurseId: string;
  let otherNurse: string;
  let paramedic: string;
  let paramedic2: string;
  beforeAll(() => {
    ({
      t,
      nurse,
      safety,
      police,
      admin,
      doctor,
      orderly,
      nurseId,
      otherNurse,
      paramedic,
      paramedic2,
    } = world.people());
  });

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
});
