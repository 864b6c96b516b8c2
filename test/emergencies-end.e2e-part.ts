import { regionId } from '../seeds/reference';
import { hoursAgo, report } from './support/incidents';
import { bearer, startTestApp, TestApp } from './support/test-app';
import { shiftClock } from './support/test-clock';

const HOUR = 3600_000;
const at = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();

/** PATCH /emergencies/:id: the operator ends a state of emergency early. */
describe('ending a state of emergency early', () => {
  let t: TestApp;
  let admin: string;
  let nurse: string;
  let police: string;
  let ministry: string;

  beforeAll(async () => {
    t = await startTestApp();
    [admin, nurse, police, ministry] = await t.loginAll('admin', 'nurse', 'police', 'ministry');
  });
  afterAll(() => t.close());

  const record = async (from: string, to: string, regionCode = 'KZ-75') => {
    const res = await t
      .http()
      .post('/api/v1/emergencies')
      .set(bearer(admin))
      .send({ regionId: regionId(regionCode), from, to, description: 'Flood regime' });
    expect(res.status).toBe(201);
    return res.body as { id: string; from: string; to: string };
  };
  const end = (id: string, to: unknown, token = admin) =>
    t.http().patch(`/api/v1/emergencies/${id}`).set(bearer(token)).send({ to });
  const endOnRecord = async (id: string) => {
    const list = await t.http().get('/api/v1/emergencies?limit=200').set(bearer(admin));
    return (list.body.items as Array<{ id: string; to: string }>).find((e) => e.id === id)!.to;
  };
  const file = (occurredAt: string) =>
    t
      .http()
      .post('/api/v1/incidents')
      .set(bearer(nurse))
      .send(report({ occurredAt, duringStateOfEmergency: false }));

  it('ends it at the new time: reports after it are no longer classified under it, reports before it keep their classification', async () => {
    const regime = await record(hoursAgo(2), at(48 * HOUR));
    const before = await file(hoursAgo(1));
    expect(before.body.classification.category).toBe('assault_emergency');

    const ended = await end(regime.id, at(5 * 60_000));
    expect(ended.status).toBe(200);
    expect(Date.parse(ended.body.to)).toBeLessThan(Date.now() + 6 * 60_000);
    expect(await endOnRecord(regime.id)).toBe(ended.body.to);
    const [entry] = await t.db.query(
      `SELECT details FROM audit_log WHERE action = 'emergency.ended_early' AND entity_id = $1`,
      [regime.id],
    );
    expect(Date.parse(entry.details.from)).toBe(Date.parse(regime.to));

    // An hour later a report of something half an hour ago is outside the regime.
    const restore = shiftClock([t.app], HOUR);
    try {
      const after = await file(at(30 * 60_000));
      expect(after.status).toBe(201);
      expect(after.body.duringStateOfEmergency).toBe(false);
      expect(after.body.classification.category).toBe('assault');
    } finally {
      restore();
    }
    const kept = await t.http().get(`/api/v1/incidents/${before.body.id}`).set(bearer(nurse));
    expect(kept.body.classification.category).toBe('assault_emergency');
  });

  it('refuses an end before its start, after its end on record, in the past or unreadable (400 naming to), other roles and unknown ids, changing nothing', async () => {
    const regime = await record(at(10 * HOUR), at(20 * HOUR), 'KZ-35');
    const refusals = await Promise.all([
      end(regime.id, at(9 * HOUR)),
      end(regime.id, regime.from),
      end(regime.id, at(21 * HOUR)),
      end(regime.id, hoursAgo(1)),
      end(regime.id, 'tomorrow'),
      end(regime.id, undefined),
    ]);
    for (const r of refusals) {
      expect(r.status).toBe(400);
      expect(r.body.details.map((d: { field: string }) => d.field)).toEqual(['to']);
    }
    for (const token of [nurse, police, ministry])
      expect((await end(regime.id, at(15 * HOUR), token)).status).toBe(403);
    expect(
      (
        await t
          .http()
          .patch(`/api/v1/emergencies/${regime.id}`)
          .send({ to: at(15 * HOUR) })
      ).status,
    ).toBe(401);
    expect((await end('00000000-0000-4000-8000-000000000000', at(15 * HOUR))).status).toBe(404);
    expect(Date.parse(await endOnRecord(regime.id))).toBe(Date.parse(regime.to));
  });

  it('applies ten ends sent at once one after another: the earliest stands, each accepted one is audited', async () => {
    const regime = await record(at(HOUR), at(30 * HOUR), 'KZ-35');
    const ends = Array.from({ length: 10 }, (_, i) => at((20 - i) * HOUR));
    const answers = await Promise.all(ends.map((to) => end(regime.id, to)));
    expect(answers.every((a) => a.status === 200 || a.status === 400)).toBe(true);
    expect(Date.parse(await endOnRecord(regime.id))).toBe(Date.parse(ends[9]));
    const entries = await t.db.query(
      `SELECT 1 FROM audit_log WHERE action = 'emergency.ended_early' AND entity_id = $1`,
      [regime.id],
    );
    expect(entries).toHaveLength(answers.filter((a) => a.status === 200).length);
  });
});
