import { DataSource } from 'typeorm';
import { seedSyntheticIncidents, SyntheticOptions } from '../seeds/synthetic';
import { dataSourceOptions } from '../src/database/data-source-options';
import { StatisticsRollups } from '../src/statistics/rollups.service';
import { countedFromReports, rollupSnapshot } from './support/rollup-snapshots';
import { appEnv, runNode } from './support/run-node';
import { createTestDatabase } from './support/test-app';

/*
 * The synthetic seed over the demo directory, on databases of their own. Each is reached through
 * a pool of one connection, so what the seed sets in its transaction would show on the next
 * query if it outlived the transaction.
 */

const NOW = new Date(Date.UTC(2026, 4, 20, 9, 30));
const SEED: Omit<SyntheticOptions, 'rollups'> = { incidents: 2500, years: 2, seed: 11, now: NOW };

const open = async () =>
  new DataSource(dataSourceOptions(await createTestDatabase(), 1)).initialize();

/** The seeded rows in a fixed order, without what differs by design between runs. */
async function rows(db: DataSource) {
  const [incidents] = await db.query(`
    SELECT md5(string_agg(concat_ws('|', id, regexp_replace(reference, '^SYN-[0-9a-f]+-', ''),
                 facility_id, occurred_at, created_at, place_kind, kind, reported_emergency,
                 perpetrator_type, perpetrator_count, narrative IS NOT NULL, status, category,
                 max_penalty, outcome, closed_at), ',' ORDER BY id)) AS digest, count(*)::int AS n
      FROM incidents WHERE reference LIKE 'SYN-%'`);
  const [victims] = await db.query(`
    SELECT md5(string_agg(concat_ws('|', v.incident_id, v.position, v.role, v.injury), ','
                 ORDER BY v.incident_id, v.position)) AS digest, count(*)::int AS n
      FROM incident_victims v JOIN incidents i ON i.id = v.incident_id WHERE i.reference LIKE 'SYN-%'`);
  const [alerts] = await db.query(`
    SELECT md5(string_agg(concat_ws('|', a.incident_id, a.police_post_id, a.created_at, a.deadline_at,
                 a.acknowledged_at, a.status), ',' ORDER BY a.incident_id)) AS digest, count(*)::int AS n
      FROM alerts a JOIN incidents i ON i.id = a.incident_id WHERE i.reference LIKE 'SYN-%'`);
  return { incidents, victims, alerts };
}

const schemaOf = (db: DataSource) =>
  db.query(`
    SELECT c.relname AS "table", t.tgname AS name, t.tgenabled::text AS enabled
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     WHERE c.relname IN ('incidents', 'incident_victims', 'alerts') AND NOT t.tgisinternal
    UNION ALL
    SELECT tablename, indexname, indexdef FROM pg_indexes
     WHERE tablename IN ('incidents', 'incident_victims', 'alerts')
     ORDER BY 1, 2`);

const pendingDeltas = async (db: DataSource) =>
  (
    await db.query(`
      SELECT (SELECT count(*) FROM stats_incident_deltas) + (SELECT count(*) FROM stats_victim_deltas)
           + (SELECT count(*) FROM stats_alert_deltas) + (SELECT count(*) FROM stats_support_deltas) AS n`)
  )[0].n as string;

describe('seeding synthetic incidents', () => {
  let rebuilt: DataSource;
  let triggered: DataSource;
  beforeAll(async () => {
    [rebuilt, triggered] = await Promise.all([open(), open()]);
  });
  afterAll(async () => {
    await Promise.all([rebuilt?.destroy(), triggered?.destroy()]);
  });

  it('loads in bulk and leaves rollups that equal a direct count, and the tables, triggers and settings as they were', async () => {
    const schema = await schemaOf(rebuilt);
    const steps: string[] = [];
    const written = await seedSyntheticIncidents(rebuilt, {
      ...SEED,
      batch: 700,
      rollups: 'rebuild',
      progress: (n, step) => steps.push(`${step}:${n}`),
    });
    expect(steps.filter((s) => s.startsWith('rows'))).toEqual([
      'rows:700',
      'rows:1400',
      'rows:2100',
      'rows:2500',
    ]);
    expect(steps.at(-1)).toBe('rollups:2500');
    const seeded = await rows(rebuilt);
    expect(written).toEqual({
      incidents: seeded.incidents.n,
      victims: seeded.victims.n,
      alerts: seeded.alerts.n,
    });
    expect(written.incidents).toBe(2500);
    expect(written.victims).toBeGreaterThan(2500);
    expect(written.alerts).toBeGreaterThan(0);

    expect(await pendingDeltas(rebuilt)).toBe('0');
    const snapshot = await rollupSnapshot(rebuilt);
    const counted = await countedFromReports(rebuilt);
    expect(snapshot.incidents).toEqual(counted.incidents);
    expect(snapshot.victims).toEqual(counted.victims);
    expect(snapshot.support).toEqual(counted.support);
    expect(snapshot.acks.length).toBeGreaterThan(0);
    await new StatisticsRollups(rebuilt).rebuild();
    expect(await rollupSnapshot(rebuilt)).toEqual(snapshot);

    expect(await schemaOf(rebuilt)).toEqual(schema);
    const [{ role }] = await rebuilt.query(
      `SELECT current_setting('session_replication_role') AS role`,
    );
    expect(role).toBe('origin');
    const [{ orphans }] = await rebuilt.query(`
      SELECT (SELECT count(*) FROM incident_victims v WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = v.incident_id))
           + (SELECT count(*) FROM alerts a WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = a.incident_id))
           + (SELECT count(*) FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM facilities f WHERE f.id = i.facility_id))
           AS orphans`);
    expect(orphans).toBe('0');
  });

  it('lets the statistics triggers count each round when asked, and draws the same rows for the same seed and moment, whatever the rounds', async () => {
    await seedSyntheticIncidents(triggered, { ...SEED, rollups: 'triggers' });
    expect(await rows(triggered)).toEqual(await rows(rebuilt));
    expect(Number(await pendingDeltas(triggered))).toBeGreaterThan(0);
    const incremental = await rollupSnapshot(triggered);
    await new StatisticsRollups(triggered).rebuild();
    expect(await rollupSnapshot(triggered)).toEqual(incremental);
    expect(incremental).toEqual(await rollupSnapshot(rebuilt));
  });

  it('fails as a whole: a second seed that meets rows of the first writes nothing and leaves the triggers on', async () => {
    const before = await rows(rebuilt);
    const schema = await schemaOf(rebuilt);
    await expect(
      seedSyntheticIncidents(rebuilt, { ...SEED, batch: 1000, rollups: 'rebuild' }),
    ).rejects.toThrow(/incidents_pkey/);
    expect(await rows(rebuilt)).toEqual(before);
    expect(await schemaOf(rebuilt)).toEqual(schema);
    expect(await pendingDeltas(rebuilt)).toBe('0');
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
