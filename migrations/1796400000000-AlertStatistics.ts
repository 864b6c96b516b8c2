import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alert figures for the response-times statistics, so that a region whose posts ignore alerts
 * cannot look fast: per month and facility, alerts raised, acknowledged within their deadline,
 * acknowledged late, never acknowledged, and escalated.
 *
 * Kept like the other rollups: statement-level triggers on alerts write signed deltas in the same
 * transaction as the change (an alert raised, acknowledged, escalated, or its deadline moved); the
 * worker folds them in; readers add what is not folded yet. An alert counts in the Asia/Almaty
 * month its incident occurred in and under its incident's facility (so in the incident's region,
 * whichever post it went to), like the acknowledgement times; when an incident's date or facility
 * changes, its alerts and its acknowledgement time move with it.
 *
 * The acknowledgement times (`stats_acknowledgements`, one row per incident) now also take alerts
 * written already acknowledged, and keep the earliest acknowledgement whichever transaction
 * commits first. (Acknowledgements are never withdrawn; the rebuild covers anything done by hand.)
 */
const FIGURES = `alerts, acknowledged_in_time, acknowledged_late, never_acknowledged, escalated`;

/** One alert's contribution, from alert rows `r`. */
const ALERT_FIGURES = `
  r.incident_id,
  (r.acknowledged_at IS NOT NULL AND r.acknowledged_at <= r.deadline_at)::int AS in_time,
  (r.acknowledged_at IS NOT NULL AND r.acknowledged_at > r.deadline_at)::int AS late,
  (r.acknowledged_at IS NULL)::int AS never,
  (r.escalated_at IS NOT NULL)::int AS escalated`;

/** Signed sums of figures `x` (with `sign`) per month and facility of their incident. */
const SIGNED_BY_MONTH = `
  SELECT stats_month(i.occurred_at), i.facility_id, sum(x.sign), sum(x.sign * x.in_time),
         sum(x.sign * x.late), sum(x.sign * x.never), sum(x.sign * x.escalated)
    FROM x JOIN incidents i ON i.id = x.incident_id
   GROUP BY 1, 2`;

/** The first acknowledgement of the incidents of acknowledged alert rows `r`, from filing. */
const FIRST_ACKNOWLEDGEMENTS = `
  SELECT i.id, stats_month(i.occurred_at), i.facility_id,
         greatest(0, extract(epoch FROM min(r.acknowledged_at) - i.created_at))`;

/** The incidents an UPDATE statement moved to another month or facility. */
const MOVED = `
  SELECT n.id, stats_month(o.occurred_at) AS old_month, o.facility_id AS old_facility,
         stats_month(n.occurred_at) AS new_month, n.facility_id AS new_facility
    FROM new_rows n JOIN old_rows o ON o.id = n.id
   WHERE (stats_month(o.occurred_at), o.facility_id)
         IS DISTINCT FROM (stats_month(n.occurred_at), n.facility_id)`;

export class AlertStatistics1796400000000 implements MigrationInterface {
  name = 'AlertStatistics1796400000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['stats_alerts_monthly', 'stats_alert_deltas']) {
      const delta = table.endsWith('deltas');
      await q.query(`
        CREATE TABLE ${table} (
          month date NOT NULL,
          facility_id uuid NOT NULL,
          alerts integer NOT NULL,
          acknowledged_in_time integer NOT NULL,
          acknowledged_late integer NOT NULL,
          never_acknowledged integer NOT NULL,
          escalated integer NOT NULL
          ${delta ? '' : ', PRIMARY KEY (month, facility_id)'}
        )`);
    }
    await q.query(`
      CREATE INDEX stats_alerts_monthly_read_idx ON stats_alerts_monthly (month)
        INCLUDE (facility_id, ${FIGURES})`);

    // One function for every change to alerts: the figures, and the acknowledgement time.
    await q.query(`DROP TRIGGER stats_alerts_acknowledged ON alerts`);
    await q.query(`DROP FUNCTION stats_alerts_acknowledged()`);
    await q.query(`
      CREATE FUNCTION stats_alerts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO stats_alert_deltas (month, facility_id, ${FIGURES})
          WITH x AS (SELECT 1 AS sign, ${ALERT_FIGURES} FROM new_rows r) ${SIGNED_BY_MONTH};
          INSERT INTO stats_acknowledgements (incident_id, month, facility_id, seconds)
          ${FIRST_ACKNOWLEDGEMENTS}
            FROM new_rows r JOIN incidents i ON i.id = r.incident_id
           WHERE r.acknowledged_at IS NOT NULL
           GROUP BY i.id
          ON CONFLICT (incident_id) DO UPDATE SET seconds = excluded.seconds
           WHERE excluded.seconds < stats_acknowledgements.seconds;
        ELSIF TG_OP = 'UPDATE' THEN
          INSERT INTO stats_alert_deltas (month, facility_id, ${FIGURES})
          WITH o AS (SELECT r.id, ${ALERT_FIGURES} FROM old_rows r),
               n AS (SELECT r.id, ${ALERT_FIGURES} FROM new_rows r),
               changed AS (
                 SELECT o.id FROM o JOIN n ON n.id = o.id
                  WHERE (o.incident_id, o.in_time, o.late, o.never, o.escalated)
                        IS DISTINCT FROM (n.incident_id, n.in_time, n.late, n.never, n.escalated)),
               x AS (SELECT -1 AS sign, o.incident_id, o.in_time, o.late, o.never, o.escalated
                       FROM o JOIN changed USING (id)
                     UNION ALL
                     SELECT 1, n.incident_id, n.in_time, n.late, n.never, n.escalated
                       FROM n JOIN changed USING (id))
          ${SIGNED_BY_MONTH};
          INSERT INTO stats_acknowledgements (incident_id, month, facility_id, seconds)
          ${FIRST_ACKNOWLEDGEMENTS}
            FROM new_rows r JOIN old_rows o ON o.id = r.id JOIN incidents i ON i.id = r.incident_id
           WHERE r.acknowledged_at IS NOT NULL AND r.acknowledged_at IS DISTINCT FROM o.acknowledged_at
           GROUP BY i.id
          ON CONFLICT (incident_id) DO UPDATE SET seconds = excluded.seconds
           WHERE excluded.seconds < stats_acknowledgements.seconds;
        ELSE
          INSERT INTO stats_alert_deltas (month, facility_id, ${FIGURES})
          WITH x AS (SELECT -1 AS sign, ${ALERT_FIGURES} FROM old_rows r) ${SIGNED_BY_MONTH};
        END IF;
        RETURN NULL;
      END $$`);
    for (const [name, op, tables] of [
      ['stats_alerts_inserted', 'INSERT', 'NEW TABLE AS new_rows'],
      ['stats_alerts_updated', 'UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
      ['stats_alerts_deleted', 'DELETE', 'OLD TABLE AS old_rows'],
    ])
      await q.query(`
        CREATE TRIGGER ${name} AFTER ${op} ON alerts
          REFERENCING ${tables}
          FOR EACH STATEMENT EXECUTE FUNCTION stats_alerts_changed()`);

    // An incident moved to another month or facility takes its alerts and its time along.
    await q.query(`
      CREATE FUNCTION stats_incidents_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO stats_alert_deltas (month, facility_id, ${FIGURES})
        WITH moved AS (${MOVED}),
             f AS (SELECT m.*, ${ALERT_FIGURES} FROM moved m JOIN alerts r ON r.incident_id = m.id)
        SELECT old_month, old_facility, -count(*), -sum(in_time), -sum(late), -sum(never), -sum(escalated)
          FROM f GROUP BY 1, 2
        UNION ALL
        SELECT new_month, new_facility, count(*), sum(in_time), sum(late), sum(never), sum(escalated)
          FROM f GROUP BY 1, 2;
        IF FOUND THEN
          UPDATE stats_acknowledgements s SET month = m.new_month, facility_id = m.new_facility
            FROM (${MOVED}) m
           WHERE s.incident_id = m.id;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER stats_incidents_moved AFTER UPDATE ON incidents
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION stats_incidents_moved()`);

    await q.query(REBUILD_ALERT_STATISTICS_SQL);
    await q.query(`DELETE FROM stats_acknowledgements`);
    await q.query(`
      INSERT INTO stats_acknowledgements (incident_id, month, facility_id, seconds)
      ${FIRST_ACKNOWLEDGEMENTS}
        FROM alerts r JOIN incidents i ON i.id = r.incident_id
       WHERE r.acknowledged_at IS NOT NULL
       GROUP BY i.id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER stats_incidents_moved ON incidents`);
    await q.query(`DROP FUNCTION stats_incidents_moved()`);
    for (const op of ['inserted', 'updated', 'deleted'])
      await q.query(`DROP TRIGGER stats_alerts_${op} ON alerts`);
    await q.query(`DROP FUNCTION stats_alerts_changed()`);
    await q.query(`DROP TABLE stats_alert_deltas`);
    await q.query(`DROP TABLE stats_alerts_monthly`);
    // The acknowledgement trigger as the Statistics migration made it.
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
  }
}

/** Recomputes the alert rollups from the alerts (run with REBUILD_STATISTICS_SQL, one snapshot). */
export const REBUILD_ALERT_STATISTICS_SQL = `
  DELETE FROM stats_alert_deltas;
  DELETE FROM stats_alerts_monthly;
  INSERT INTO stats_alerts_monthly (month, facility_id, ${FIGURES})
  WITH x AS (SELECT 1 AS sign, ${ALERT_FIGURES} FROM alerts r) ${SIGNED_BY_MONTH}
   ORDER BY 1, 2;
`;
