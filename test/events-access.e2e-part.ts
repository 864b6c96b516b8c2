import {
  eventsWorldPerFile,
  EventsPeople,
  minutesAgo,
  OTHER_HOSPITAL,
  randomUuid,
} from './support/events-world';
import { TestApp } from './support/test-app';

/**
 * Events under attack and load: who may join and take out reports, bad input, and many people
 * joining and taking out overlapping reports at once.
 */
describe('events: who may, and many at once', () => {
  const world = eventsWorldPerFile();
  const { file, join, leave, related, read, victimOf } = world;
  let t: TestApp;
  let nurse: string;
  let safety: string;
  let police: string;
  let dutyDesk: string;
  let admin: string;
  let ministry: string;
  let doctor: EventsPeople['doctor'];
  let orderly: EventsPeople['orderly'];
  let otherNurse: string;
  let otherSafety: string;
  beforeAll(() => {
    ({
      t,
      nurse,
      safety,
      police,
      dutyDesk,
      admin,
      ministry,
      doctor,
      orderly,
      otherNurse,
      otherSafety,
    } = world.people());
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
