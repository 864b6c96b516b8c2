import { Client } from 'pg';
import { seededRandom } from '../seeds/seed-ids';
import { STATS_LOCK, StatisticsRollups } from '../src/statistics/rollups.service';
import { countedFromReports, rollupSnapshot } from './support/rollup-snapshots';
import {
  HOSPITAL,
  IncidentWriter,
  POLYCLINIC,
  startStatisticsApp,
  SUBSTATION,
} from './support/statistics';
import { SUPPORT_KINDS, SUPPORT_STATES } from './support/support-writes';
import { TestApp } from './support/test-app';

describe('statistics rollups under concurrent writers and a held fold lock', () => {
  let t: TestApp;
  let incident: IncidentWriter;

  beforeAll(async () => {
    ({ t, incident } = await startStatisticsApp());
  });
  afterAll(() => t.close());

  const snapshot = () => rollupSnapshot(t.db);
  const counted = () => countedFromReports(t.db);

  it('counts each victim’s support once when dozens of writers change the items of the same victims at once, none holding the report’s lock', async () => {
    const reports = await Promise.all(
      [HOSPITAL, SUBSTATION, POLYCLINIC].map((facility) =>
        incident({
          facility,
          at: '2025-09-30T23:45:00+05:00',
          category: 'assault',
          victims: ['nurse', 'doctor'],
        }),
      ),
    );
    const before = (await snapshot()).support;
    const [{ author }] = await t.db.query(
      `SELECT reporter_id AS author FROM incidents WHERE id = $1`,
      [reports[0]],
    );
    const rnd = seededRandom(1581);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    const writers = Array.from({ length: 36 }, (_, n) => ({
      report: reports[n % reports.length],
      victim: Math.floor(rnd() * 2),
      kind: pick(SUPPORT_KINDS),
      state: pick(SUPPORT_STATES),
      remove: rnd() < 0.25,
    }));
    const clients = writers.map(() => new Client({ connectionString: t.databaseUrl }));
    await Promise.all(clients.map((c) => c.connect()));
    try {
      // Each writes, then holds its transaction open a moment, so that the writes overlap.
      await Promise.all(
        writers.map(async (w, n) => {
          const c = clients[n];
          await c.query('BEGIN');
          if (w.remove)
            await c.query(
              `DELETE FROM incident_support WHERE incident_id = $1 AND victim_index = $2 AND kind = $3`,
              [w.report, w.victim, w.kind],
            );
          else
            await c.query(
              `INSERT INTO incident_support (incident_id, victim_index, kind, state, updated_at, updated_by)
               VALUES ($1, $2, $3, $4, now(), $5)
               ON CONFLICT (incident_id, victim_index, kind) DO UPDATE SET state = excluded.state`,
              [w.report, w.victim, w.kind, w.state, author],
            );
          await c.query('SELECT pg_sleep(0.05)');
          await c.query('COMMIT');
        }),
      );
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
    const after = await snapshot();
    expect(after.support).not.toEqual(before);
    expect(after.support).toEqual((await counted()).support);
    await t.app.get(StatisticsRollups).fold();
    expect((await snapshot()).support).toEqual(after.support);
  });

  it('waits while another process holds the fold lock, then rebuilds, counting a report filed meanwhile', async () => {
    await incident({ facility: HOSPITAL, at: '2025-11-03T10:00:00+05:00', category: 'threat' });
    const holder = new Client({ connectionString: t.databaseUrl });
    await holder.connect();
    try {
      // Another worker's fold, under way: it holds the lock until it commits.
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1)', [STATS_LOCK]);
      let finished = false;
      const rebuild = t.app
        .get(StatisticsRollups)
        .rebuild()
        .then(() => (finished = true));
      await new Promise((r) => setTimeout(r, 600));
      expect(finished).toBe(false);
      await incident({
        facility: SUBSTATION,
        at: '2025-11-04T10:00:00+05:00',
        category: 'assault',
      });
      await holder.query('COMMIT');
      await rebuild;
    } finally {
      await holder.end();
    }
    const rebuilt = await snapshot();
    expect({
      incidents: rebuilt.incidents,
      victims: rebuilt.victims,
      support: rebuilt.support,
    }).toEqual(await counted());
    const [{ held }] = await t.db.query(
      `SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND objid = $1`,
      [STATS_LOCK],
    );
    expect(held).toBe(0);
  });
});
