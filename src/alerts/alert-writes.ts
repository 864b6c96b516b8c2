import { EntityManager } from 'typeorm';
import { preparedQuery } from '../common/persistence/prepared-query';
import type { RuleSetDefinition } from '../classification/rule-set.types';
import { alertTerms, PlannedAlert } from './alert-plan';
import type { AlertStatus } from './alert.entity';

/**
 * The only two statements that write alerts and console events. Filing a report and escalating an
 * alert both raise alerts through `raiseAlerts`; acknowledgements, reclassifications and
 * escalations that join an existing alert tell consoles through `appendConsoleEvents`.
 *
 * Each transaction writes its console events in one statement, ordered by post: the events'
 * positions come from each post's counter row (see the ConsoleOrder migration), so a transaction
 * that tells several posts takes their counters in the same order as every other one.
 */

export type ConsoleEventType = 'alert' | 'updated' | 'acknowledged' | 'escalated';

export interface ConsoleEventRow {
  postId: string;
  alertId: string;
  type: ConsoleEventType;
  /** What the event says beyond the alert as it now is (e.g. the desk an escalation went to). */
  data?: Record<string, unknown> | null;
}

export interface RaisedAlert {
  id: string;
  policePostId: string;
  status: AlertStatus;
  priority: number;
  escalationLevel: number;
  createdAt: Date;
  deadlineAt: Date;
}

/** What alerts are raised for: an incident, an SOS before its report, or both once attached. */
export interface AlertSubject {
  incidentId: string | null;
  sosId: string | null;
}

/**
 * Raises alerts of an incident (or an SOS): each alert, its outbox entry (so the relay queues its delivery
 * and escalation), and an `alert` event on its post's console — plus any further console events
 * of the same transaction — in one statement.
 */
export async function raiseAlerts(
  m: EntityManager,
  subject: AlertSubject,
  planned: Array<PlannedAlert & { parentAlertId?: string | null }>,
  events: ConsoleEventRow[] = [],
): Promise<RaisedAlert[]> {
  if (planned.length === 0 && events.length === 0) return [];
  const rows = await preparedQuery<{
    id: string;
    police_post_id: string;
    status: AlertStatus;
    priority: number;
    escalation_level: number;
    created_at: Date;
    deadline_at: Date;
  }>(
    m,
    'alerts-raise',
    `WITH a AS (
       INSERT INTO alerts (incident_id, sos_id, police_post_id, priority, escalation_level, parent_alert_id, deadline_at, created_at)
       SELECT $1::uuid, $4::uuid, x.post, x.priority, x.level, x.parent, x.deadline, x.raised
         FROM jsonb_to_recordset($2::jsonb) AS x(post uuid, priority int, level int, parent uuid, deadline timestamptz, raised timestamptz)
        ORDER BY x.post
       RETURNING id, police_post_id, status, priority, escalation_level, created_at, deadline_at),
     o AS (INSERT INTO outbox (alert_id) SELECT id FROM a),
     e AS (
       INSERT INTO alert_events (police_post_id, alert_id, type, data)
       SELECT post, alert, type, data FROM (
         SELECT police_post_id AS post, id AS alert, 'alert' AS type, NULL::jsonb AS data FROM a
         UNION ALL
         SELECT y.post, y.alert, y.type, y.data
           FROM jsonb_to_recordset($3::jsonb) AS y(post uuid, alert uuid, type text, data jsonb)) ev
        ORDER BY post, alert)
     SELECT * FROM a ORDER BY police_post_id`,
    [
      subject.incidentId,
      JSON.stringify(
        planned.map((p) => ({
          post: p.postId,
          priority: p.priority,
          level: p.escalationLevel,
          parent: p.parentAlertId ?? null,
          deadline: p.deadlineAt.toISOString(),
          raised: p.raisedAt.toISOString(),
        })),
      ),
      JSON.stringify(events.map(eventJson)),
      subject.sosId,
    ],
  );
  return rows.map((r) => ({
    id: r.id,
    policePostId: r.police_post_id,
    status: r.status,
    priority: r.priority,
    escalationLevel: r.escalation_level,
    createdAt: new Date(r.created_at),
    deadlineAt: new Date(r.deadline_at),
  }));
}

/** Console events without a new alert, in one statement ordered by post. */
export async function appendConsoleEvents(
  m: EntityManager,
  events: ConsoleEventRow[],
): Promise<void> {
  if (events.length === 0) return;
  await m.query(
    `INSERT INTO alert_events (police_post_id, alert_id, type, data)
     SELECT y.post, y.alert, y.type, y.data
       FROM jsonb_to_recordset($1::jsonb) AS y(post uuid, alert uuid, type text, data jsonb)
      ORDER BY y.post, y.alert`,
    [JSON.stringify(events.map(eventJson))],
  );
}

/**
 * After a reclassification: every alert of the incident still waiting for acknowledgement takes
 * the terms of the new category — priority, and a deadline counted from when it was raised — and
 * gets an outbox entry, so the relay schedules its escalation at the new deadline (a job for the
 * old one finds it moved and does nothing). Every post holding an alert of the incident gets an
 * `updated` event. Returns those posts.
 */
export async function followCategory(
  m: EntityManager,
  incidentId: string,
  definition: RuleSetDefinition,
  category: string,
  deadlineScale: number,
): Promise<string[]> {
  const alerts = (await m.query(
    `SELECT id, police_post_id, status, created_at FROM alerts WHERE incident_id = $1
      ORDER BY police_post_id FOR UPDATE`,
    [incidentId],
  )) as Array<{ id: string; police_post_id: string; status: AlertStatus; created_at: Date }>;
  const open = alerts.filter((a) => ['pending', 'delivered', 'delivery_failed'].includes(a.status));
  if (open.length) {
    const terms = open.map((a) => {
      const t = alertTerms(definition, category, a.created_at, deadlineScale);
      return { id: a.id, priority: t.priority, deadline: t.deadlineAt.toISOString() };
    });
    await m.query(
      `UPDATE alerts a SET priority = x.priority, deadline_at = x.deadline
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, priority int, deadline timestamptz)
        WHERE a.id = x.id`,
      [JSON.stringify(terms)],
    );
    await m.query(`INSERT INTO outbox (alert_id) SELECT unnest($1::uuid[])`, [
      open.map((a) => a.id),
    ]);
  }
  await appendConsoleEvents(
    m,
    alerts.map((a) => ({
      postId: a.police_post_id,
      alertId: a.id,
      type: 'updated' as const,
      data: { change: 'category' },
    })),
  );
  return [...new Set(alerts.map((a) => a.police_post_id))];
}

function eventJson(e: ConsoleEventRow) {
  return { post: e.postId, alert: e.alertId, type: e.type, data: e.data ?? null };
}
