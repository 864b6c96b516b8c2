import { seededRandom } from '../seeds/seed-ids';
import { StatisticsRollups } from '../src/statistics/rollups.service';
import { appEnv, runNode } from './support/run-node';
import {
  addAstanaPolyclinic,
  HOSPITAL,
  incidentWriter,
  POLYCLINIC,
  SUBSTATION,
} from './support/statistics';
import { createTestDatabase, startTestApp, TestApp } from './support/test-app';

describe('statistics rollups', () => {
  let t: TestApp;
  let incident: ReturnType<typeof incidentWriter>;

  beforeAll(async () => {
    t = await startTestApp();
    incident = incidentWriter(t);
    await addAstanaPolyclinic(t);
  });
  afterAll(() => t.close());

  it('rebuilt rollups equal the incrementally kept ones after random creates, reclassifications and moves', async () => {
    const rollups = t.app.get(StatisticsRollups);
    const snapshot = async () => {
      const incidents = await t.db.query(`
        SELECT to_char(month, 'YYYY-MM') AS month, facility_id, category, perpetrator_type,
               sum(incidents)::int AS n, sum(with_footage)::int AS footage
          FROM (SELECT month, facility_id, category, perpetrator_type, incidents, with_footage FROM stats_incidents_monthly
                UNION ALL
                SELECT month, facility_id, category, perpetrator_type, incidents, with_footage FROM stats_incident_deltas) x
         GROUP BY 1, 2, 3, 4 HAVING sum(incidents) <> 0 OR sum(with_footage) <> 0 ORDER BY 1, 2, 3, 4`);
      const victims = await t.db.query(`
        SELECT to_char(month, 'YYYY-MM') AS month, facility_id, category, victim_role, sum(victims)::int AS n
          FROM (SELECT month, facility_id, category, victim_role, victims FROM stats_victims_monthly
                UNION ALL
                SELECT month, facility_id, category, victim_role, victims FROM stats_victim_deltas) x
         GROUP BY 1, 2, 3, 4 HAVING sum(victims) <> 0 ORDER BY 1, 2, 3, 4`);
      const acks = await t.db.query(
        `SELECT incident_id, month, facility_id, seconds FROM stats_acknowledgements ORDER BY incident_id`,
      );
      return { incidents, victims, acks };
    };
    const rnd = seededRandom(158);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    const facilities = [HOSPITAL, SUBSTATION, POLYCLINIC];
    const categories = ['threat', 'assault', 'assault_emergency', 'assault_multiple'];
    const roles = ['doctor', 'nurse', 'paramedic', 'orderly'];
    const created: string[] = [];
    for (let step = 0; step < 120; step++) {
      const action = created.length < 5 ? 0 : Math.floor(rnd() * 5);
      if (action <= 1) {
        const month = 1 + Math.floor(rnd() * 12);
        created.push(
          await incident({
            facility: pick(facilities),
            at: `2025-${String(month).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}T${pick(['00:30', '12:00', '23:30'])}:00+05:00`,
            category: pick(categories),
            perpetrator: pick(['patient', 'relative', 'visitor', 'other']),
            victims: Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(roles)),
          }),
        );
      } else if (action === 2) {
        await t.db.query(`UPDATE incidents SET category = $2 WHERE id = $1`, [
          pick(created),
          pick(categories),
        ]);
      } else if (action === 3) {
        // Moved a few hours: sometimes across a month boundary.
        await t.db.query(
          `UPDATE incidents SET occurred_at = occurred_at + $2 * interval '1 hour' WHERE id = $1`,
          [pick(created), Math.floor(rnd() * 200) - 100],
        );
      } else {
        await rollups.fold();
      }
    }
    const incremental = await snapshot();
    expect(incremental.incidents.length).toBeGreaterThan(10);
    await rollups.rebuild();
    expect(await snapshot()).toEqual(incremental);
    const [{ deltas }] = await t.db.query(
      `SELECT count(*)::int AS deltas FROM stats_incident_deltas`,
    );
    expect(deltas).toBe(0);
  });
});

describe('synthetic load and the rebuild command', () => {
  it('fills a national directory with incidents and rollups that agree with a direct count', async () => {
    const url = await createTestDatabase();
    const seeded = await runNode(
      'cli/seed-synthetic.js',
      appEnv({ DATABASE_URL: url }),
      ['--incidents', '3000', '--years', '2', '--seed', '7'],
      120_000,
    );
    expect(seeded.stderr).toBe('');
    expect(seeded.code).toBe(0);
    expect(seeded.stdout).toMatch(/"incidents":3000/);
    const rebuilt = await runNode('cli/stats-rebuild.js', appEnv({ DATABASE_URL: url }));
    expect(rebuilt.code).toBe(0);
    const { Client } = await import('pg');
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      const direct = await db.query(
        `SELECT stats_month(occurred_at)::text AS month, category, count(*)::int AS n
           FROM incidents GROUP BY 1, 2 ORDER BY 1, 2`,
      );
      const rolled = await db.query(
        `SELECT month::text AS month, category, sum(incidents)::int AS n
           FROM stats_incidents_monthly GROUP BY 1, 2 HAVING sum(incidents) <> 0 ORDER BY 1, 2`,
      );
      expect(rolled.rows).toEqual(direct.rows);
      expect(direct.rows.length).toBeGreaterThan(40);
      const [{ regions }] = (
        await db.query(
          `SELECT count(DISTINCT f.region_id)::int AS regions FROM incidents i JOIN facilities f ON f.id = i.facility_id`,
        )
      ).rows;
      expect(regions).toBe(20);
    } finally {
      await db.end();
    }
  });
});
