import { DataSource } from 'typeorm';
import {
  FACILITY_TOTALS,
  REGIONAL_INCIDENT_FIGURES,
  REGIONAL_VICTIM_FIGURES,
} from '../../src/statistics/rollup-queries';

/*
 * The statistics rollups read two ways: as readers see them (folded rows plus pending deltas),
 * and counted straight from the reports — what the rollups must say.
 */

/** Every rollup as readers see it (folded rows plus pending deltas), zero rows dropped. */
export async function rollupSnapshot(db: DataSource) {
  const incidents = await db.query(`
    SELECT to_char(month, 'YYYY-MM') AS month, facility_id, category, perpetrator_type,
           sum(incidents)::int AS n, sum(events)::int AS events, sum(with_footage)::int AS footage
      FROM (SELECT month, facility_id, category, perpetrator_type, incidents, events, with_footage FROM stats_incidents_monthly
            UNION ALL
            SELECT month, facility_id, category, perpetrator_type, incidents, events, with_footage FROM stats_incident_deltas) x
     GROUP BY 1, 2, 3, 4 HAVING sum(incidents) <> 0 OR sum(events) <> 0 OR sum(with_footage) <> 0
     ORDER BY 1, 2, 3, 4`);
  const victims = await db.query(`
    SELECT to_char(month, 'YYYY-MM') AS month, facility_id, category, victim_role, sum(victims)::int AS n
      FROM (SELECT month, facility_id, category, victim_role, victims FROM stats_victims_monthly
            UNION ALL
            SELECT month, facility_id, category, victim_role, victims FROM stats_victim_deltas) x
     GROUP BY 1, 2, 3, 4 HAVING sum(victims) <> 0 ORDER BY 1, 2, 3, 4`);
  const alerts = await db.query(`
    SELECT to_char(month, 'YYYY-MM') AS month, facility_id, sum(alerts)::int AS alerts,
           sum(acknowledged_in_time)::int AS in_time, sum(acknowledged_late)::int AS late,
           sum(never_acknowledged)::int AS never, sum(escalated)::int AS escalated
      FROM (SELECT month, facility_id, alerts, acknowledged_in_time, acknowledged_late, never_acknowledged, escalated
              FROM stats_alerts_monthly
            UNION ALL
            SELECT month, facility_id, alerts, acknowledged_in_time, acknowledged_late, never_acknowledged, escalated
              FROM stats_alert_deltas) x
     GROUP BY 1, 2
    HAVING sum(alerts) <> 0 OR sum(acknowledged_in_time) <> 0 OR sum(acknowledged_late) <> 0
        OR sum(never_acknowledged) <> 0 OR sum(escalated) <> 0
     ORDER BY 1, 2`);
  const acks = await db.query(
    `SELECT incident_id, to_char(month, 'YYYY-MM') AS month, facility_id, seconds
       FROM stats_acknowledgements ORDER BY incident_id`,
  );
  const support = await db.query(`
    SELECT to_char(month, 'YYYY-MM') AS month, facility_id, sum(victims)::int AS victims,
           sum(offered)::int AS offered, sum(completed)::int AS completed
      FROM (SELECT month, facility_id, victims, offered, completed FROM stats_support_monthly
            UNION ALL
            SELECT month, facility_id, victims, offered, completed FROM stats_support_deltas) x
     GROUP BY 1, 2 HAVING sum(victims) <> 0 OR sum(offered) <> 0 OR sum(completed) <> 0
     ORDER BY 1, 2`);
  return { incidents, victims, alerts, acks, support };
}

/** The incident and victim figures counted straight from the reports: what the rollups must say. */
export async function countedFromReports(db: DataSource) {
  const incidents = await db.query(`
    SELECT to_char(stats_month(i.occurred_at), 'YYYY-MM') AS month, i.facility_id, i.category,
           i.perpetrator_type, count(*)::int AS n, count(*) FILTER (WHERE i.counts_event)::int AS events,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM incident_footage l WHERE l.incident_id = i.id))::int AS footage
      FROM incidents i GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`);
  const victims = await db.query(`
    SELECT to_char(stats_month(i.occurred_at), 'YYYY-MM') AS month, i.facility_id, i.category,
           v.role AS victim_role, count(*)::int AS n
      FROM incident_victims v JOIN incidents i ON i.id = v.incident_id
     WHERE v.counted GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`);
  // Every victim entry, with its support items: offered one, and all settled with one completed.
  const support = await db.query(`
    SELECT to_char(month, 'YYYY-MM') AS month, facility_id, count(*)::int AS victims,
           count(*) FILTER (WHERE items > 0)::int AS offered,
           count(*) FILTER (WHERE items > 0 AND settled AND any_completed)::int AS completed
      FROM (SELECT stats_month(i.occurred_at) AS month, i.facility_id, count(s.id) AS items,
                   coalesce(bool_and(s.state IN ('completed', 'declined')), false) AS settled,
                   coalesce(bool_or(s.state = 'completed'), false) AS any_completed
              FROM incidents i
              JOIN incident_victims v ON v.incident_id = i.id
              LEFT JOIN incident_support s ON s.incident_id = i.id AND s.victim_index = v.position
             GROUP BY v.id, 1, 2) per_victim
     GROUP BY 1, 2 ORDER BY 1, 2`);
  return { incidents, victims, support };
}

const ALL_MONTHS = `
  SELECT coalesce(array_agg(DISTINCT month), '{}') AS months
    FROM (SELECT month FROM stats_incidents_monthly UNION SELECT month FROM stats_incident_deltas
          UNION SELECT month FROM stats_victims_monthly UNION SELECT month FROM stats_victim_deltas
          UNION SELECT month FROM stats_incidents_regional UNION SELECT month FROM stats_victims_regional) m`;

const REGIONAL = (source: string) => `(${source}) b`;
const FACILITIES_NOW = (source: string) =>
  `(SELECT b.*, f.region_id, f.type AS facility_type FROM (${source}) b JOIN facilities f ON f.id = b.facility_id) b`;

/**
 * The coarser figures two ways: `read`, as readers see them (the regional rollups, stale months
 * and pending deltas as rollup-queries.ts reads them, and the facility totals), and `expected`,
 * the facility rollups with their pending deltas summed under each facility's region and type now.
 */
export async function regionalFigures(db: DataSource, way: 'read' | 'expected') {
  const [{ months }] = (await db.query(ALL_MONTHS)) as Array<{ months: string[] }>;
  const read = way === 'read';
  const incidentRows = `SELECT month, facility_id, category, perpetrator_type, incidents, events, with_footage FROM stats_incidents_monthly
                        UNION ALL SELECT month, facility_id, category, perpetrator_type, incidents, events, with_footage FROM stats_incident_deltas`;
  const victimRows = `SELECT month, facility_id, category, victim_role, victims FROM stats_victims_monthly
                      UNION ALL SELECT month, facility_id, category, victim_role, victims FROM stats_victim_deltas`;
  const incidents = await db.query(
    `SELECT to_char(b.month, 'YYYY-MM') AS month, b.region_id, b.facility_type, b.category, b.perpetrator_type,
            sum(b.incidents)::int AS n, sum(b.events)::int AS events, sum(b.with_footage)::int AS footage
       FROM ${read ? REGIONAL(REGIONAL_INCIDENT_FIGURES) : FACILITIES_NOW(incidentRows)}
      GROUP BY 1, 2, 3, 4, 5 HAVING sum(b.incidents) <> 0 OR sum(b.events) <> 0 OR sum(b.with_footage) <> 0
      ORDER BY 1, 2, 3, 4, 5`,
    read ? [months] : [],
  );
  const victims = await db.query(
    `SELECT to_char(b.month, 'YYYY-MM') AS month, b.region_id, b.facility_type, b.category, b.victim_role,
            sum(b.victims)::int AS n
       FROM ${read ? REGIONAL(REGIONAL_VICTIM_FIGURES) : FACILITIES_NOW(victimRows)}
      GROUP BY 1, 2, 3, 4, 5 HAVING sum(b.victims) <> 0 ORDER BY 1, 2, 3, 4, 5`,
    read ? [months] : [],
  );
  const totals = await db.query(
    `SELECT to_char(b.month, 'YYYY-MM') AS month, b.facility_id, sum(b.incidents)::int AS n,
            sum(b.events)::int AS events, sum(b.with_footage)::int AS footage
       FROM (${read ? FACILITY_TOTALS : incidentRows}) b
      GROUP BY 1, 2 HAVING sum(b.incidents) <> 0 OR sum(b.events) <> 0 OR sum(b.with_footage) <> 0
      ORDER BY 1, 2`,
    read ? [months] : [],
  );
  return { incidents, victims, totals };
}
