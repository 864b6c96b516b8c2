import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The victim-support shares of the monthly statistics as a rollup: per month and facility of the
 * report, its victim entries, those offered support (at least one item) and those whose support
 * is completed (every item completed or declined, at least one completed). A monthly figure then
 * reads a few hundred rows instead of the month's victims and their support items.
 *
 * Kept like the other rollups (see the Statistics migration): statement-level triggers write
 * signed deltas in the transaction of the change, the worker folds them in, readers add what is
 * not folded yet.
 * - Victim entries count when they are written and when they go.
 * - A change to support items compares each touched victim's state after the statement with its
 *   state before it (the items now, less the statement's new rows, plus its old ones). The trigger
 *   takes the report's row lock first, so writers of one report's items take turns and each
 *   counts from the others' committed items.
 * - A report moved to another month or facility takes its victims and their states along.
 *
 * Existing data is rolled up at the end of `up`.
 */

const FIGURES = `victims, offered, completed`;

/** The support state of a victim from its item counts: offered, and completed. */
const offered = (items: string) => `(${items} > 0)::int`;
const completed = (items: string, open: string, done: string) =>
  `(${items} > 0 AND ${open} = 0 AND ${done} > 0)::int`;

/** Item counts per victim entry of the support rows `s`, joined on `incident`/`position`. */
const ITEMS = `
  SELECT s.incident_id, s.victim_index, count(*) AS items,
         count(*) FILTER (WHERE s.state NOT IN ('completed', 'declined')) AS open,
         count(*) FILTER (WHERE s.state = 'completed') AS done
    FROM incident_support s`;

/** The support rows `rows` each counting `sign`, as per-victim changes of the item counts. */
const signed = (rows: string, sign: number) => `
  SELECT r.incident_id, r.victim_index, ${sign} AS items,
         ${sign} * (r.state NOT IN ('completed', 'declined'))::int AS open,
         ${sign} * (r.state = 'completed')::int AS done
    FROM ${rows} r`;

/**
 * Deltas for the victims whose items changed by `changes` (per-row signed counts): their state
 * now against their state before the statement, under the report's month and facility. The
 * report rows are locked first, so that concurrent writers of one report's items take turns and
 * each reads the other's committed items; the counts are read after the lock, afresh.
 */
const supportChanged = (changes: string) => `
  PERFORM 1 FROM incidents WHERE id IN (SELECT incident_id FROM (${changes}) c)
    ORDER BY id FOR NO KEY UPDATE;
  INSERT INTO stats_support_deltas (month, facility_id, ${FIGURES})
  WITH c AS (${changes}),
       touched AS (
         SELECT incident_id, victim_index, sum(items) AS d_items, sum(open) AS d_open,
                sum(done) AS d_done
           FROM c GROUP BY 1, 2),
       present AS (
         SELECT t.incident_id, t.d_items, t.d_open, t.d_done,
                coalesce(n.items, 0) AS items, coalesce(n.open, 0) AS open,
                coalesce(n.done, 0) AS done
           FROM touched t
           JOIN incident_victims v ON v.incident_id = t.incident_id AND v.position = t.victim_index
           LEFT JOIN LATERAL (${ITEMS}
                WHERE s.incident_id = t.incident_id AND s.victim_index = t.victim_index
                GROUP BY 1, 2) n ON true),
       moved AS (
         SELECT incident_id,
                ${offered('items')} - ${offered('items - d_items')} AS offered,
                ${completed('items', 'open', 'done')}
                  - ${completed('items - d_items', 'open - d_open', 'done - d_done')} AS completed
           FROM present)
  SELECT stats_month(i.occurred_at), i.facility_id, 0, sum(m.offered), sum(m.completed)
    FROM moved m JOIN incidents i ON i.id = m.incident_id
   GROUP BY 1, 2
  HAVING sum(m.offered) <> 0 OR sum(m.completed) <> 0;`;

/** Victim entries `rows` with their support state, each counting `sign`, by report key. */
const victimsCounted = (rows: string, sign: number) => `
  INSERT INTO stats_support_deltas (month, facility_id, ${FIGURES})
  SELECT stats_month(i.occurred_at), i.facility_id, ${sign} * count(*),
         ${sign} * coalesce(sum(${offered('coalesce(n.items, 0)')}), 0),
         ${sign} * coalesce(sum(${completed('n.items', 'n.open', 'n.done')}), 0)
    FROM ${rows} v JOIN incidents i ON i.id = v.incident_id
    LEFT JOIN LATERAL (${ITEMS}
         WHERE s.incident_id = v.incident_id AND s.victim_index = v.position
         GROUP BY 1, 2) n ON true
   GROUP BY 1, 2;`;

const SUPPORT_CHANGED = `
  CREATE FUNCTION stats_support_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      ${supportChanged(signed('new_rows', 1))}
    ELSIF TG_OP = 'UPDATE' THEN
      ${supportChanged(`${signed('new_rows', 1)} UNION ALL ${signed('old_rows', -1)}`)}
    ELSE
      ${supportChanged(signed('old_rows', -1))}
    END IF;
    RETURN NULL;
  END $$`;

// Victim entries are written with their report, so its key cannot move under them.
const SUPPORT_VICTIMS = `
  CREATE FUNCTION stats_support_victims() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      ${victimsCounted('new_rows', 1)}
    ELSE
      ${victimsCounted('old_rows', -1)}
    END IF;
    RETURN NULL;
  END $$`;

// The report's row lock, held by the UPDATE, keeps its support items still while this reads them.
const SUPPORT_MOVED = `
  CREATE FUNCTION stats_support_moved() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO stats_support_deltas (month, facility_id, ${FIGURES})
    WITH moved AS (
           SELECT n.id, stats_month(o.occurred_at) AS old_month, o.facility_id AS old_facility,
                  stats_month(n.occurred_at) AS new_month, n.facility_id AS new_facility
             FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (stats_month(o.occurred_at), o.facility_id)
                  IS DISTINCT FROM (stats_month(n.occurred_at), n.facility_id)),
         states AS (
           SELECT m.*, ${offered('coalesce(n.items, 0)')} AS offered,
                  coalesce(${completed('n.items', 'n.open', 'n.done')}, 0) AS completed
             FROM moved m JOIN incident_victims v ON v.incident_id = m.id
             LEFT JOIN LATERAL (${ITEMS}
                  WHERE s.incident_id = v.incident_id AND s.victim_index = v.position
                  GROUP BY 1, 2) n ON true)
    SELECT old_month, old_facility, -count(*), -sum(offered), -sum(completed)
      FROM states GROUP BY 1, 2
    UNION ALL
    SELECT new_month, new_facility, count(*), sum(offered), sum(completed)
      FROM states GROUP BY 1, 2;
    RETURN NULL;
  END $$`;

/**
 * Recomputes the support rollup from the victim entries and their support items and drops its
 * deltas. Run with the other rebuilds, in their transaction (see StatisticsRollups.rebuild).
 */
export const REBUILD_SUPPORT_STATISTICS_SQL = `
  DELETE FROM stats_support_deltas;
  DELETE FROM stats_support_monthly;
  INSERT INTO stats_support_monthly (month, facility_id, ${FIGURES})
  SELECT stats_month(i.occurred_at), i.facility_id, count(*),
         coalesce(sum(${offered('coalesce(n.items, 0)')}), 0),
         coalesce(sum(${completed('n.items', 'n.open', 'n.done')}), 0)
    FROM incident_victims v JOIN incidents i ON i.id = v.incident_id
    LEFT JOIN (${ITEMS} GROUP BY 1, 2) n
      ON n.incident_id = v.incident_id AND n.victim_index = v.position
   GROUP BY 1, 2
   ORDER BY 1, 2;
`;

const SUPPORT_TRIGGERS = [
  ['stats_support_inserted', 'INSERT', 'NEW TABLE AS new_rows'],
  ['stats_support_updated', 'UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
  ['stats_support_deleted', 'DELETE', 'OLD TABLE AS old_rows'],
] as const;

export class SupportStatistics1796645000000 implements MigrationInterface {
  name = 'SupportStatistics1796645000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['stats_support_monthly', 'stats_support_deltas']) {
      const delta = table.endsWith('deltas');
      await q.query(`
        CREATE TABLE ${table} (
          month date NOT NULL,
          facility_id uuid NOT NULL,
          victims integer NOT NULL,
          offered integer NOT NULL,
          completed integer NOT NULL
          ${delta ? '' : ', PRIMARY KEY (month, facility_id)'}
        )`);
    }
    await q.query(`CREATE INDEX stats_support_deltas_month_idx ON stats_support_deltas (month)`);
    await q.query(SUPPORT_CHANGED);
    for (const [name, op, tables] of SUPPORT_TRIGGERS)
      await q.query(`
        CREATE TRIGGER ${name} AFTER ${op} ON incident_support
          REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION stats_support_changed()`);
    await q.query(SUPPORT_VICTIMS);
    await q.query(`
      CREATE TRIGGER stats_support_victims_inserted AFTER INSERT ON incident_victims
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_support_victims()`);
    await q.query(`
      CREATE TRIGGER stats_support_victims_deleted AFTER DELETE ON incident_victims
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_support_victims()`);
    await q.query(SUPPORT_MOVED);
    await q.query(`
      CREATE TRIGGER stats_support_moved AFTER UPDATE ON incidents
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stats_support_moved()`);
    await q.query(REBUILD_SUPPORT_STATISTICS_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER stats_support_moved ON incidents`);
    await q.query(`DROP TRIGGER stats_support_victims_inserted ON incident_victims`);
    await q.query(`DROP TRIGGER stats_support_victims_deleted ON incident_victims`);
    for (const [name] of SUPPORT_TRIGGERS)
      await q.query(`DROP TRIGGER ${name} ON incident_support`);
    await q.query(`DROP FUNCTION stats_support_moved()`);
    await q.query(`DROP FUNCTION stats_support_victims()`);
    await q.query(`DROP FUNCTION stats_support_changed()`);
    await q.query(`DROP TABLE stats_support_deltas`);
    await q.query(`DROP TABLE stats_support_monthly`);
  }
}
