import { MigrationInterface, QueryRunner } from 'typeorm';
import { REBUILD_STATISTICS_SQL as REBUILD_BY_REPORTS_SQL } from './1796000000000-Statistics';

/**
 * Statistics of events and distinct victims, beside reports.
 *
 * The incident rollups gain `events`: the reports whose `counts_event` is set (a report in no
 * event, or the earliest report of its event), so an event counts once, in the month and under
 * the facility, category and perpetrator type of its earliest report. The victim rollups count
 * only entries whose `counted` is set, so a person named in several reports of one event counts
 * once, under the report that counts them. The triggers move both as the flags flip, in the same
 * transaction as the flip, like every other change (see the Statistics migration).
 *
 * A victim entry counts under its report's key, which a concurrent reclassification of that
 * report may change while the entry's flag flips: the victims' trigger takes a share lock on the
 * reports of the entries it changed, so that the two wait for each other and each sees the
 * other's committed change.
 *
 * Existing data is rolled up again at the end of `up` (and by reports alone in `down`).
 */

/** The incidents an UPDATE moved to another key, or whose event flag flipped. */
const CHANGED = `
  SELECT n.id, stats_month(o.occurred_at) AS old_month, o.facility_id AS old_facility,
         o.category AS old_category, o.perpetrator_type AS old_perpetrator,
         o.counts_event::int AS old_events,
         stats_month(n.occurred_at) AS new_month, n.facility_id AS new_facility,
         n.category AS new_category, n.perpetrator_type AS new_perpetrator,
         n.counts_event::int AS new_events,
         (EXISTS (SELECT 1 FROM incident_footage l WHERE l.incident_id = n.id))::int AS footage
    FROM new_rows n JOIN old_rows o ON o.id = n.id
   WHERE (stats_month(o.occurred_at), o.facility_id, o.category, o.perpetrator_type, o.counts_event)
         IS DISTINCT FROM (stats_month(n.occurred_at), n.facility_id, n.category, n.perpetrator_type, n.counts_event)`;

const INCIDENTS_INSERTED = `
  CREATE OR REPLACE FUNCTION stats_incidents_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO stats_incident_deltas (month, facility_id, category, perpetrator_type, incidents, events, with_footage)
    SELECT stats_month(n.occurred_at), n.facility_id, n.category, n.perpetrator_type, count(*),
           count(*) FILTER (WHERE n.counts_event), 0
      FROM new_rows n
     GROUP BY 1, 2, 3, 4;
    RETURN NULL;
  END $$`;

// Counted victims move with their report's month, facility and category; the event flag moves
// only the report's own counts.
const INCIDENTS_UPDATED = `
  CREATE OR REPLACE FUNCTION stats_incidents_updated() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO stats_incident_deltas (month, facility_id, category, perpetrator_type, incidents, events, with_footage)
    WITH changed AS (${CHANGED})
    SELECT old_month, old_facility, old_category, old_perpetrator, -count(*), -sum(old_events), -sum(footage)
      FROM changed GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT new_month, new_facility, new_category, new_perpetrator, count(*), sum(new_events), sum(footage)
      FROM changed GROUP BY 1, 2, 3, 4;
    IF FOUND THEN
      INSERT INTO stats_victim_deltas (month, facility_id, category, victim_role, victims)
      WITH moved AS (SELECT * FROM (${CHANGED}) c
                      WHERE (old_month, old_facility, old_category) IS DISTINCT FROM (new_month, new_facility, new_category))
      SELECT m.old_month, m.old_facility, m.old_category, v.role, -count(*)
        FROM moved m JOIN incident_victims v ON v.incident_id = m.id AND v.counted GROUP BY 1, 2, 3, 4
      UNION ALL
      SELECT m.new_month, m.new_facility, m.new_category, v.role, count(*)
        FROM moved m JOIN incident_victims v ON v.incident_id = m.id AND v.counted GROUP BY 1, 2, 3, 4;
    END IF;
    RETURN NULL;
  END $$`;

/** The counted victim entries of rows `r` under their report's key, each counting `sign`. */
const counted = (rows: string, sign: string) => `
  SELECT stats_month(i.occurred_at), i.facility_id, i.category, r.role, sum(${sign})
    FROM ${rows} r JOIN incidents i ON i.id = r.incident_id
   WHERE r.counted
   GROUP BY 1, 2, 3, 4`;

/** Victim entries an UPDATE changed (flag, role or report): the old entry out, the new one in. */
const FLIPPED = `
  SELECT o.incident_id, o.role, o.counted, -1 AS sign
    FROM old_rows o JOIN new_rows n ON n.id = o.id
   WHERE (o.incident_id, o.role, o.counted) IS DISTINCT FROM (n.incident_id, n.role, n.counted)
  UNION ALL
  SELECT n.incident_id, n.role, n.counted, 1
    FROM old_rows o JOIN new_rows n ON n.id = o.id
   WHERE (o.incident_id, o.role, o.counted) IS DISTINCT FROM (n.incident_id, n.role, n.counted)`;

// Victims are inserted with their report, in its transaction, so only an update can meet a
// concurrent change of the report's key: it waits for that change and then reads the key afresh.
const VICTIMS_CHANGED = `
  CREATE OR REPLACE FUNCTION stats_victims_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'UPDATE' THEN
      PERFORM 1 FROM incidents WHERE id IN (SELECT incident_id FROM (${FLIPPED}) f)
        ORDER BY id FOR SHARE;
      IF FOUND THEN
        INSERT INTO stats_victim_deltas (month, facility_id, category, victim_role, victims)
        ${counted(`(${FLIPPED})`, 'r.sign')};
      END IF;
    ELSIF TG_OP = 'INSERT' THEN
      INSERT INTO stats_victim_deltas (month, facility_id, category, victim_role, victims)
      ${counted('new_rows', '1')};
    ELSE
      INSERT INTO stats_victim_deltas (month, facility_id, category, victim_role, victims)
      ${counted('old_rows', '-1')};
    END IF;
    RETURN NULL;
  END $$`;

export class EventStatistics1796620000000 implements MigrationInterface {
  name = 'EventStatistics1796620000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['stats_incidents_monthly', 'stats_incident_deltas'])
      await q.query(`ALTER TABLE ${table} ADD COLUMN events integer NOT NULL DEFAULT 0`);
    await q.query(`DROP INDEX stats_incidents_monthly_read_idx`);
    await q.query(`
      CREATE INDEX stats_incidents_monthly_read_idx ON stats_incidents_monthly (month)
        INCLUDE (facility_id, category, perpetrator_type, incidents, events, with_footage)`);
    await q.query(INCIDENTS_INSERTED);
    await q.query(INCIDENTS_UPDATED);
    await q.query(VICTIMS_CHANGED);
    await q.query(`
      CREATE TRIGGER stats_victims_updated AFTER UPDATE ON incident_victims
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stats_victims_changed()`);
    await q.query(REBUILD_STATISTICS_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER stats_victims_updated ON incident_victims`);
    // The functions as the Statistics migration made them: by reports, every victim entry.
    await q.query(`
      CREATE OR REPLACE FUNCTION stats_incidents_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO stats_incident_deltas (month, facility_id, category, perpetrator_type, incidents, with_footage)
        SELECT stats_month(n.occurred_at), n.facility_id, n.category, n.perpetrator_type, count(*), 0
          FROM new_rows n
         GROUP BY 1, 2, 3, 4;
        RETURN NULL;
      END $$`);
    const moved = `
      SELECT n.id, stats_month(o.occurred_at) AS old_month, o.facility_id AS old_facility,
             o.category AS old_category, o.perpetrator_type AS old_perpetrator,
             stats_month(n.occurred_at) AS new_month, n.facility_id AS new_facility,
             n.category AS new_category, n.perpetrator_type AS new_perpetrator,
             (EXISTS (SELECT 1 FROM incident_footage l WHERE l.incident_id = n.id))::int AS footage
        FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE (stats_month(o.occurred_at), o.facility_id, o.category, o.perpetrator_type)
             IS DISTINCT FROM (stats_month(n.occurred_at), n.facility_id, n.category, n.perpetrator_type)`;
    await q.query(`
      CREATE OR REPLACE FUNCTION stats_incidents_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO stats_incident_deltas (month, facility_id, category, perpetrator_type, incidents, with_footage)
        WITH moved AS (${moved})
        SELECT old_month, old_facility, old_category, old_perpetrator, -count(*), -sum(footage)
          FROM moved GROUP BY 1, 2, 3, 4
        UNION ALL
        SELECT new_month, new_facility, new_category, new_perpetrator, count(*), sum(footage)
          FROM moved GROUP BY 1, 2, 3, 4;
        IF FOUND THEN
          INSERT INTO stats_victim_deltas (month, facility_id, category, victim_role, victims)
          WITH moved AS (${moved})
          SELECT m.old_month, m.old_facility, m.old_category, v.role, -count(*)
            FROM moved m JOIN incident_victims v ON v.incident_id = m.id GROUP BY 1, 2, 3, 4
          UNION ALL
          SELECT m.new_month, m.new_facility, m.new_category, v.role, count(*)
            FROM moved m JOIN incident_victims v ON v.incident_id = m.id GROUP BY 1, 2, 3, 4;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION stats_victims_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await q.query(`DROP INDEX stats_incidents_monthly_read_idx`);
    for (const table of ['stats_incidents_monthly', 'stats_incident_deltas'])
      await q.query(`ALTER TABLE ${table} DROP COLUMN events`);
    await q.query(`
      CREATE INDEX stats_incidents_monthly_read_idx ON stats_incidents_monthly (month)
        INCLUDE (facility_id, category, perpetrator_type, incidents, with_footage)`);
    await q.query(REBUILD_BY_REPORTS_SQL);
  }
}

/**
 * Recomputes the incident and victim rollups and the acknowledgement times from the source
 * tables and drops the deltas already contained in them. Run in one transaction with the alert
 * rebuild (see StatisticsRollups.rebuild for how it stays exact alongside writers).
 */
export const REBUILD_STATISTICS_SQL = `
  DELETE FROM stats_incident_deltas;
  DELETE FROM stats_victim_deltas;
  DELETE FROM stats_incidents_monthly;
  DELETE FROM stats_victims_monthly;
  DELETE FROM stats_acknowledgements;
  INSERT INTO stats_incidents_monthly (month, facility_id, category, perpetrator_type, incidents, events, with_footage)
  SELECT stats_month(i.occurred_at), i.facility_id, i.category, i.perpetrator_type, count(*),
         count(*) FILTER (WHERE i.counts_event),
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM incident_footage l WHERE l.incident_id = i.id))
    FROM incidents i
   GROUP BY 1, 2, 3, 4
   ORDER BY 1, 2;
  INSERT INTO stats_victims_monthly (month, facility_id, category, victim_role, victims)
  SELECT stats_month(i.occurred_at), i.facility_id, i.category, v.role, count(*)
    FROM incident_victims v JOIN incidents i ON i.id = v.incident_id
   WHERE v.counted
   GROUP BY 1, 2, 3, 4
   ORDER BY 1, 2;
  INSERT INTO stats_acknowledgements (incident_id, month, facility_id, seconds)
  SELECT i.id, stats_month(i.occurred_at), i.facility_id,
         greatest(0, extract(epoch FROM min(a.acknowledged_at) - i.created_at))
    FROM alerts a JOIN incidents i ON i.id = a.incident_id
   WHERE a.acknowledged_at IS NOT NULL
   GROUP BY i.id;
`;
