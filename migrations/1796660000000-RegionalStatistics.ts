import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coarser rollups beside the facility ones, so that a national figure reads a tenth of the rows.
 *
 * - `stats_incidents_regional` and `stats_victims_regional`: the facility rollups summed per
 *   month, region and facility type (and category, perpetrator type or victim role). They serve
 *   every grouping but the one by facility, and the trend.
 * - `stats_facility_totals`: per month and facility, the reports, events and those with footage
 *   over every category and perpetrator type: what the grouping by facility lists.
 *
 * They are derived from the facility rollups, never from deltas. `stats_regional_stale` names the
 * months whose coarser rows may be behind, and readers take the facility rows for those months
 * instead (each under its facility's region and type now), so every figure stays exact at every
 * moment. Months are marked in the transaction of the change that makes them stale:
 * - every statement that writes the facility rollups marks the months it wrote (statement
 *   triggers), whichever code runs it: a fold, a rebuild, or a worker of an older release still
 *   folding during an upgrade;
 * - a facility changing region or type marks the months of its reports.
 * The fold recomputes the marked months with `stats_refresh_regional(months)` and clears their
 * marks, in its own transaction, holding a share lock on the facilities so that no move commits
 * while it reads them (a move waits the few milliseconds a fold takes).
 *
 * Existing data is rolled up at the end of `up`.
 */
/** The facility rollups the coarser ones are summed from. */
const ROLLUPS = ['stats_incidents_monthly', 'stats_victims_monthly'];
/** Each write to them, and the transition table naming its rows. */
const ROLLUP_EVENTS = [
  ['inserted', 'INSERT', 'new_rows'],
  ['updated', 'UPDATE', 'new_rows'],
  ['deleted', 'DELETE', 'old_rows'],
] as const;

export class RegionalStatistics1796660000000 implements MigrationInterface {
  name = 'RegionalStatistics1796660000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stats_incidents_regional (
        month date NOT NULL,
        region_id uuid NOT NULL,
        facility_type text NOT NULL,
        category text NOT NULL,
        perpetrator_type text NOT NULL,
        incidents integer NOT NULL,
        events integer NOT NULL,
        with_footage integer NOT NULL,
        PRIMARY KEY (month, region_id, facility_type, category, perpetrator_type)
      )`);
    await q.query(`
      CREATE TABLE stats_victims_regional (
        month date NOT NULL,
        region_id uuid NOT NULL,
        facility_type text NOT NULL,
        category text NOT NULL,
        victim_role text NOT NULL,
        victims integer NOT NULL,
        PRIMARY KEY (month, region_id, facility_type, category, victim_role)
      )`);
    await q.query(`
      CREATE TABLE stats_facility_totals (
        month date NOT NULL,
        facility_id uuid NOT NULL,
        incidents integer NOT NULL,
        events integer NOT NULL,
        with_footage integer NOT NULL,
        PRIMARY KEY (month, facility_id)
      )`);
    await q.query(`CREATE TABLE stats_regional_stale (month date PRIMARY KEY)`);

    await q.query(`
      CREATE FUNCTION stats_refresh_regional(months date[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        -- Every month that has rows, or had them: each statement below then reads by month.
        IF months IS NULL THEN
          months := ARRAY(SELECT month FROM stats_incidents_monthly UNION SELECT month FROM stats_victims_monthly
                          UNION SELECT month FROM stats_incidents_regional UNION SELECT month FROM stats_victims_regional
                          UNION SELECT month FROM stats_facility_totals);
        END IF;
        DELETE FROM stats_incidents_regional WHERE month = ANY(months);
        INSERT INTO stats_incidents_regional (month, region_id, facility_type, category, perpetrator_type,
                                              incidents, events, with_footage)
        SELECT b.month, f.region_id, f.type, b.category, b.perpetrator_type,
               sum(b.incidents), sum(b.events), sum(b.with_footage)
          FROM stats_incidents_monthly b JOIN facilities f ON f.id = b.facility_id
         WHERE b.month = ANY(months)
         GROUP BY 1, 2, 3, 4, 5
        HAVING sum(b.incidents) <> 0 OR sum(b.events) <> 0 OR sum(b.with_footage) <> 0;

        DELETE FROM stats_victims_regional WHERE month = ANY(months);
        INSERT INTO stats_victims_regional (month, region_id, facility_type, category, victim_role, victims)
        SELECT b.month, f.region_id, f.type, b.category, b.victim_role, sum(b.victims)
          FROM stats_victims_monthly b JOIN facilities f ON f.id = b.facility_id
         WHERE b.month = ANY(months)
         GROUP BY 1, 2, 3, 4, 5
        HAVING sum(b.victims) <> 0;

        DELETE FROM stats_facility_totals WHERE month = ANY(months);
        INSERT INTO stats_facility_totals (month, facility_id, incidents, events, with_footage)
        SELECT month, facility_id, sum(incidents), sum(events), sum(with_footage)
          FROM stats_incidents_monthly
         WHERE month = ANY(months)
         GROUP BY 1, 2
        HAVING sum(incidents) <> 0 OR sum(events) <> 0 OR sum(with_footage) <> 0;
      END $$`);

    // The months come from the facility's committed reports (by its index), not from its rollup
    // rows: a fold running at this moment may be adding rows the trigger cannot see yet, summed
    // under the facility's old region, and every such row comes from a committed report.
    await q.query(`
      CREATE FUNCTION stats_facility_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO stats_regional_stale (month)
        SELECT DISTINCT stats_month(occurred_at) FROM incidents WHERE facility_id = NEW.id
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER stats_facility_moved AFTER UPDATE OF region_id, type ON facilities
        FOR EACH ROW WHEN (OLD.region_id IS DISTINCT FROM NEW.region_id OR OLD.type IS DISTINCT FROM NEW.type)
        EXECUTE FUNCTION stats_facility_moved()`);

    // A trigger with transition tables serves one event, so each event has its own.
    for (const [event, sqlEvent, rows] of ROLLUP_EVENTS) {
      await q.query(`
        CREATE FUNCTION stats_rollup_${event}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO stats_regional_stale (month) SELECT DISTINCT month FROM ${rows}
          ON CONFLICT DO NOTHING;
          RETURN NULL;
        END $$`);
      for (const table of ROLLUPS)
        await q.query(`
          CREATE TRIGGER ${table}_${event} AFTER ${sqlEvent} ON ${table}
            REFERENCING ${rows === 'new_rows' ? 'NEW' : 'OLD'} TABLE AS ${rows}
            FOR EACH STATEMENT EXECUTE FUNCTION stats_rollup_${event}()`);
    }

    await q.query(`SELECT stats_refresh_regional(NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [event] of ROLLUP_EVENTS) {
      for (const table of ROLLUPS) await q.query(`DROP TRIGGER ${table}_${event} ON ${table}`);
      await q.query(`DROP FUNCTION stats_rollup_${event}()`);
    }
    await q.query(`DROP TRIGGER stats_facility_moved ON facilities`);
    await q.query(`DROP FUNCTION stats_facility_moved()`);
    await q.query(`DROP FUNCTION stats_refresh_regional(date[])`);
    await q.query(`DROP TABLE stats_regional_stale`);
    await q.query(`DROP TABLE stats_facility_totals`);
    await q.query(`DROP TABLE stats_victims_regional`);
    await q.query(`DROP TABLE stats_incidents_regional`);
  }
}
