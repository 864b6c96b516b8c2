import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monthly statistics kept current as incidents change, so the ministry's figures never scan the
 * incidents table.
 *
 * Triggers on incidents, victims and footage links write signed deltas (+1 / −1 per key) in the
 * same transaction as the change; the worker folds them into the monthly rollups every few seconds,
 * and readers add the deltas not yet folded, so the figures are exact at every moment. Deltas are
 * only ever inserted, so concurrent reports never wait on one another for a rollup row.
 * Acknowledgement times are kept one row per acknowledged incident (exact percentiles).
 *
 * Months are calendar months in Asia/Almaty, by `occurred_at`; incidents count under their current
 * category. Existing data is rolled up at the end of `up`.
 */
/** The incidents an UPDATE statement moved to another month, facility, category or perpetrator type. */
const MOVED = `
  SELECT n.id, stats_month(o.occurred_at) AS old_month, o.facility_id AS old_facility,
         o.category AS old_category, o.perpetrator_type AS old_perpetrator,
         stats_month(n.occurred_at) AS new_month, n.facility_id AS new_facility,
         n.category AS new_category, n.perpetrator_type AS new_perpetrator,
         (EXISTS (SELECT 1 FROM incident_footage l WHERE l.incident_id = n.id))::int AS footage
    FROM new_rows n JOIN old_rows o ON o.id = n.id
   WHERE (stats_month(o.occurred_at), o.facility_id, o.category, o.perpetrator_type)
         IS DISTINCT FROM (stats_month(n.occurred_at), n.facility_id, n.category, n.perpetrator_type)`;

export class Statistics1796000000000 implements MigrationInterface {
  name = 'Statistics1796000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION stats_month(ts timestamptz) RETURNS date LANGUAGE sql STABLE AS $$
        SELECT date_trunc('month', ts AT TIME ZONE 'Asia/Almaty')::date
      $$`);

    for (const table of ['stats_incidents_monthly', 'stats_incident_deltas']) {
      const delta = table.endsWith('deltas');
      await q.query(`
        CREATE TABLE ${table} (
          month date NOT NULL,
          facility_id uuid NOT NULL,
          category text NOT NULL,
          perpetrator_type text NOT NULL,
          incidents integer NOT NULL,
          with_footage integer NOT NULL
          ${delta ? '' : ', PRIMARY KEY (month, facility_id, category, perpetrator_type)'}
        )`);
    }
    for (const table of ['stats_victims_monthly', 'stats_victim_deltas']) {
      const delta = table.endsWith('deltas');
      await q.query(`
        CREATE TABLE ${table} (
          month date NOT NULL,
          facility_id uuid NOT NULL,
          category text NOT NULL,
          victim_role text NOT NULL,
          victims integer NOT NULL
          ${delta ? '' : ', PRIMARY KEY (month, facility_id, category, victim_role)'}
        )`);
    }
    // Readers take one month's rows from these alone (index-only scans), wherever the rows lie.
    await q.query(`
      CREATE INDEX stats_incidents_monthly_read_idx ON stats_incidents_monthly (month)
        INCLUDE (facility_id, category, perpetrator_type, incidents, with_footage)`);
    await q.query(`
      CREATE INDEX stats_victims_monthly_read_idx ON stats_victims_monthly (month)
        INCLUDE (facility_id, category, victim_role, victims)`);
    // The delta tables have no index at all: a report's deltas cost one heap insert each, and the
    // tables stay small (the worker empties them every few seconds), so readers scan them whole.
    await q.query(`
      CREATE TABLE stats_acknowledgements (
        incident_id uuid PRIMARY KEY REFERENCES incidents(id) ON DELETE CASCADE,
        month date NOT NULL,
        facility_id uuid NOT NULL,
        seconds double precision NOT NULL
      )`);
    await q.query(
      `CREATE INDEX stats_acknowledgements_month_idx ON stats_acknowledgements (month) INCLUDE (facility_id, seconds)`,
    );

    // Incidents: an insert adds to its key; an update that changes the month, facility, category
    // or perpetrator type moves the incident, and its victims, to the new key. (Incidents are never
    // deleted; the rebuild command covers anything done by hand.)
    await q.query(`
      CREATE FUNCTION stats_incidents_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO stats_incident_deltas (month, facility_id, category, perpetrator_type, incidents, with_footage)
        SELECT stats_month(n.occurred_at), n.facility_id, n.category, n.perpetrator_type, count(*), 0
          FROM new_rows n
         GROUP BY 1, 2, 3, 4;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION stats_incidents_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO stats_incident_deltas (month, facility_id, category, perpetrator_type, incidents, with_footage)
        WITH moved AS (${MOVED})
        SELECT old_month, old_facility, old_category, old_perpetrator, -count(*), -sum(footage)
          FROM moved GROUP BY 1, 2, 3, 4
        UNION ALL
        SELECT new_month, new_facility, new_category, new_perpetrator, count(*), sum(footage)
          FROM moved GROUP BY 1, 2, 3, 4;
        IF FOUND THEN
          INSERT INTO stats_victim_deltas (month, facility_id, category, victim_role, victims)
          WITH moved AS (${MOVED})
          SELECT m.old_month, m.old_facility, m.old_category, v.role, -count(*)
            FROM moved m JOIN incident_victims v ON v.incident_id = m.id GROUP BY 1, 2, 3, 4
          UNION ALL
          SELECT m.new_month, m.new_facility, m.new_category, v.role, count(*)
            FROM moved m JOIN incident_victims v ON v.incident_id = m.id GROUP BY 1, 2, 3, 4;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER stats_incidents_inserted AFTER INSERT ON incidents
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stats_incidents_inserted()`);
    await q.query(`
      CREATE TRIGGER stats_incidents_updated AFTER UPDATE ON incidents
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stats_incidents_updated()`);

    // Victims: counted under their incident's key.
    await q.query(`
      CREATE FUNCTION stats_victims_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO stats_victim_deltas (month, facility_id, category, victim_role, victims)
          SELECT stats_month(i.occurred_at), i.facility_id, i.category, v.role, count(*)
            FROM new_rows v JOIN incidents i ON i.id = v.incident_id
           GROUP BY 1, 2, 3, 4;
        ELSE
          INSERT INTO stats_victim_deltas (month, facility_id, category, victim_role, victims)
          SELECT stats_month(i.occurred_at), i.facility_id, i.category, v.role, -count(*)
            FROM old_rows v JOIN incidents i ON i.id = v.incident_id
           GROUP BY 1, 2, 3, 4;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER stats_victims_inserted AFTER INSERT ON incident_victims
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stats_victims_changed()`);
    await q.query(`
      CREATE TRIGGER stats_victims_deleted AFTER DELETE ON incident_victims
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stats_victims_changed()`);

    // Footage links: an incident counts as "with footage" from its first link to its last unlink.
    await q.query(`
      CREATE FUNCTION stats_footage_links_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO stats_incident_deltas (month, facility_id, category, perpetrator_type, incidents, with_footage)
          SELECT stats_month(i.occurred_at), i.facility_id, i.category, i.perpetrator_type, 0, count(*)
            FROM (SELECT DISTINCT incident_id FROM new_rows) c
            JOIN incidents i ON i.id = c.incident_id
           WHERE (SELECT count(*) FROM incident_footage l WHERE l.incident_id = c.incident_id)
               = (SELECT count(*) FROM new_rows n WHERE n.incident_id = c.incident_id)
           GROUP BY 1, 2, 3, 4;
        ELSE
          INSERT INTO stats_incident_deltas (month, facility_id, category, perpetrator_type, incidents, with_footage)
          SELECT stats_month(i.occurred_at), i.facility_id, i.category, i.perpetrator_type, 0, -count(*)
            FROM (SELECT DISTINCT incident_id FROM old_rows) c
            JOIN incidents i ON i.id = c.incident_id
           WHERE NOT EXISTS (SELECT 1 FROM incident_footage l WHERE l.incident_id = c.incident_id)
           GROUP BY 1, 2, 3, 4;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER stats_footage_linked AFTER INSERT ON incident_footage
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stats_footage_links_changed()`);
    await q.query(`
      CREATE TRIGGER stats_footage_unlinked AFTER DELETE ON incident_footage
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stats_footage_links_changed()`);

    // Acknowledgements: the first acknowledgement of any of an incident's alerts, measured from the
    // moment the incident was filed.
    await q.query(`
      CREATE FUNCTION stats_alerts_acknowledged() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO stats_acknowledgements (incident_id, month, facility_id, seconds)
        SELECT i.id, stats_month(i.occurred_at), i.facility_id,
               greatest(0, extract(epoch FROM min(n.acknowledged_at) - i.created_at))
          FROM new_rows n
          JOIN old_rows o ON o.id = n.id
          JOIN incidents i ON i.id = n.incident_id
         WHERE o.acknowledged_at IS NULL AND n.acknowledged_at IS NOT NULL
         GROUP BY i.id
        ON CONFLICT (incident_id) DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER stats_alerts_acknowledged AFTER UPDATE ON alerts
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stats_alerts_acknowledged()`);

    await q.query(REBUILD_STATISTICS_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER stats_alerts_acknowledged ON alerts`);
    await q.query(`DROP TRIGGER stats_footage_unlinked ON incident_footage`);
    await q.query(`DROP TRIGGER stats_footage_linked ON incident_footage`);
    await q.query(`DROP TRIGGER stats_victims_deleted ON incident_victims`);
    await q.query(`DROP TRIGGER stats_victims_inserted ON incident_victims`);
    await q.query(`DROP TRIGGER stats_incidents_updated ON incidents`);
    await q.query(`DROP TRIGGER stats_incidents_inserted ON incidents`);
    await q.query(`DROP FUNCTION stats_alerts_acknowledged()`);
    await q.query(`DROP FUNCTION stats_footage_links_changed()`);
    await q.query(`DROP FUNCTION stats_victims_changed()`);
    await q.query(`DROP FUNCTION stats_incidents_updated()`);
    await q.query(`DROP FUNCTION stats_incidents_inserted()`);
    await q.query(`DROP TABLE stats_acknowledgements`);
    await q.query(`DROP TABLE stats_victim_deltas`);
    await q.query(`DROP TABLE stats_victims_monthly`);
    await q.query(`DROP TABLE stats_incident_deltas`);
    await q.query(`DROP TABLE stats_incidents_monthly`);
    await q.query(`DROP FUNCTION stats_month(timestamptz)`);
  }
}

/**
 * Recomputes every rollup from the source tables and drops the deltas already contained in them.
 * Run in one transaction (see StatisticsRollups.rebuild for how it stays exact alongside writers).
 */
export const REBUILD_STATISTICS_SQL = `
  DELETE FROM stats_incident_deltas;
  DELETE FROM stats_victim_deltas;
  DELETE FROM stats_incidents_monthly;
  DELETE FROM stats_victims_monthly;
  DELETE FROM stats_acknowledgements;
  INSERT INTO stats_incidents_monthly (month, facility_id, category, perpetrator_type, incidents, with_footage)
  SELECT stats_month(i.occurred_at), i.facility_id, i.category, i.perpetrator_type, count(*),
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM incident_footage l WHERE l.incident_id = i.id))
    FROM incidents i
   GROUP BY 1, 2, 3, 4
   ORDER BY 1, 2;
  INSERT INTO stats_victims_monthly (month, facility_id, category, victim_role, victims)
  SELECT stats_month(i.occurred_at), i.facility_id, i.category, v.role, count(*)
    FROM incident_victims v JOIN incidents i ON i.id = v.incident_id
   GROUP BY 1, 2, 3, 4
   ORDER BY 1, 2;
  INSERT INTO stats_acknowledgements (incident_id, month, facility_id, seconds)
  SELECT i.id, stats_month(i.occurred_at), i.facility_id,
         greatest(0, extract(epoch FROM min(a.acknowledged_at) - i.created_at))
    FROM alerts a JOIN incidents i ON i.id = a.incident_id
   WHERE a.acknowledged_at IS NOT NULL
   GROUP BY i.id;
`;
