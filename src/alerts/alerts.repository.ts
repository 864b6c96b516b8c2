import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SecretBox } from '../common/secret-box';
import { AlertStatus } from './alert.entity';
import { nextEscalation } from './escalation-policy';

export interface DeliveryTarget {
  alertId: string;
  status: AlertStatus;
  priority: number;
  escalationLevel: number;
  postId: string;
  webhookUrl: string | null;
  webhookSecret: string | null;
  webhookDisabled: boolean;
  incidentCreatedAt: Date;
  payload: AlertPayload;
}

/** What an officer needs to act; never narratives or names. */
export interface AlertPayload {
  type: 'incident.alert';
  alertId: string;
  /** Where the officer opens the alert in the police console. */
  link?: string;
  escalationLevel: number;
  priority: number;
  incident: {
    id: string;
    reference: string;
    occurredAt: string;
    facility: { id: string; name: string };
    category: string;
    place: { kind: string; address: string | null; lat: number | null; lon: number | null };
  };
}

export interface AttemptRecord {
  outcome: 'delivered' | 'failed' | 'timeout' | 'gone' | 'blocked';
  responseCode: number | null;
  latencyMs: number;
  error: string | null;
}

const ALERT_SELECT = `
  SELECT a.id AS alert_id, a.status, a.priority, a.escalation_level, a.police_post_id, a.created_at, a.deadline_at,
         a.delivered_at, a.acknowledged_at, a.acknowledged_by, a.incident_id,
         i.reference, i.occurred_at, i.category, i.place_kind, i.place_address, i.place_lat, i.place_lon,
         i.created_at AS incident_created_at, f.id AS facility_id, f.name AS facility_name
    FROM alerts a JOIN incidents i ON i.id = a.incident_id JOIN facilities f ON f.id = i.facility_id`;

interface AlertRow {
  alert_id: string;
  status: AlertStatus;
  priority: number;
  escalation_level: number;
  police_post_id: string;
  created_at: Date;
  deadline_at: Date;
  delivered_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  incident_id: string;
  reference: string;
  occurred_at: Date;
  category: string;
  place_kind: string;
  place_address: string | null;
  place_lat: number | null;
  place_lon: number | null;
  incident_created_at: Date;
  facility_id: string;
  facility_name: string;
}

function payloadOf(row: AlertRow): AlertPayload {
  return {
    type: 'incident.alert',
    alertId: row.alert_id,
    escalationLevel: row.escalation_level,
    priority: row.priority,
    incident: {
      id: row.incident_id,
      reference: row.reference,
      occurredAt: row.occurred_at.toISOString(),
      facility: { id: row.facility_id, name: row.facility_name },
      category: row.category,
      place: {
        kind: row.place_kind,
        address: row.place_address,
        lat: row.place_lat,
        lon: row.place_lon,
      },
    },
  };
}

export function alertView(row: AlertRow) {
  return {
    id: row.alert_id,
    incidentId: row.incident_id,
    policePostId: row.police_post_id,
    status: row.status,
    priority: row.priority,
    escalationLevel: row.escalation_level,
    createdAt: row.created_at,
    deadlineAt: row.deadline_at,
    deliveredAt: row.delivered_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    incident: payloadOf(row).incident,
  };
}
export type AlertView = ReturnType<typeof alertView>;

/** Every query about alerts, for the worker (delivery, escalation) and the API (console, acknowledgement). */
@Injectable()
export class AlertsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
  ) {}

  async deliveryTarget(alertId: string): Promise<DeliveryTarget | null> {
    const [row] = (await this.dataSource.query(
      `SELECT x.*, p.webhook_url, p.webhook_secret_enc, p.webhook_disabled_at
         FROM (${ALERT_SELECT} WHERE a.id = $1) x JOIN police_posts p ON p.id = x.police_post_id`,
      [alertId],
    )) as Array<
      AlertRow & {
        webhook_url: string | null;
        webhook_secret_enc: Buffer | null;
        webhook_disabled_at: Date | null;
      }
    >;
    if (!row) return null;
    return {
      alertId: row.alert_id,
      status: row.status,
      priority: row.priority,
      escalationLevel: row.escalation_level,
      postId: row.police_post_id,
      webhookUrl: row.webhook_url,
      webhookSecret: row.webhook_secret_enc ? this.secrets.open(row.webhook_secret_enc) : null,
      webhookDisabled: row.webhook_disabled_at !== null,
      incidentCreatedAt: row.incident_created_at,
      payload: payloadOf(row),
    };
  }

  async recordAttempt(alertId: string, attempt: AttemptRecord): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO alert_attempts (alert_id, channel, outcome, response_code, latency_ms, error) VALUES ($1, 'webhook', $2, $3, $4, $5)`,
      [
        alertId,
        attempt.outcome,
        attempt.responseCode,
        attempt.latencyMs,
        attempt.error?.slice(0, 500) ?? null,
      ],
    );
  }

  /** A delivered alert keeps its place in the workflow: an acknowledgement or escalation stays. */
  async markDelivered(alertId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE alerts SET delivered_at = coalesce(delivered_at, now()),
         status = CASE WHEN status IN ('pending', 'delivery_failed') THEN 'delivered' ELSE status END WHERE id = $1`,
      [alertId],
    );
  }

  async markDeliveryFailed(alertId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE alerts SET status = 'delivery_failed' WHERE id = $1 AND status = 'pending'`,
      [alertId],
    );
  }

  async disableWebhook(postId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE police_posts SET webhook_disabled_at = now() WHERE id = $1`,
      [postId],
    );
  }

  /**
   * Escalates an alert nobody acknowledged: a new alert one level up, with its own deadline and
   * outbox entry. Returns the new alert's post, or null when it was acknowledged meanwhile, was
   * already escalated, or there is no one further to escalate to.
   */
  escalate(
    alertId: string,
    deadlineScale: number,
  ): Promise<{ postId: string; alertId: string } | null> {
    return this.dataSource.transaction(async (m) => {
      const [alert] = (await m.query(
        `SELECT a.id, a.incident_id, a.escalation_level, a.status, a.priority, i.status AS incident_status, i.category,
                f.region_id, r.definition
           FROM alerts a JOIN incidents i ON i.id = a.incident_id JOIN facilities f ON f.id = i.facility_id
           JOIN classification_rule_sets r ON r.id = i.rule_set_id
          WHERE a.id = $1 FOR UPDATE OF a`,
        [alertId],
      )) as Array<{
        id: string;
        incident_id: string;
        escalation_level: number;
        status: AlertStatus;
        priority: number;
        incident_status: string;
        category: string;
        region_id: string;
        definition: { categories: Array<{ code: string; ackDeadlineMinutes: number }> };
      }>;
      if (
        !alert ||
        alert.status === 'acknowledged' ||
        alert.status === 'escalated' ||
        alert.incident_status !== 'submitted'
      ) {
        return null;
      }
      const [ladder] = (await m.query(
        `SELECT (SELECT array_agg(police_post_id) FROM alerts WHERE incident_id = $1) AS alerted,
                (SELECT id FROM police_posts WHERE kind = 'duty_desk' AND region_id = $2) AS region_desk,
                (SELECT id FROM police_posts WHERE kind = 'duty_desk' AND region_id IS NULL) AS national_desk`,
        [alert.incident_id, alert.region_id],
      )) as Array<{ alerted: string[]; region_desk: string | null; national_desk: string | null }>;
      const next = nextEscalation({
        level: alert.escalation_level,
        alerted: ladder.alerted,
        regionDutyDesk: ladder.region_desk,
        nationalDesk: ladder.national_desk,
      });
      await m.query(`UPDATE alerts SET status = 'escalated', escalated_at = now() WHERE id = $1`, [
        alert.id,
      ]);
      if (!next) return null;
      const minutes =
        alert.definition.categories.find((c) => c.code === alert.category)?.ackDeadlineMinutes ?? 5;
      const [created] = (await m.query(
        `INSERT INTO alerts (incident_id, police_post_id, priority, escalation_level, parent_alert_id, deadline_at)
         VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6)) RETURNING id`,
        [
          alert.incident_id,
          next.postId,
          alert.priority,
          next.level,
          alert.id,
          minutes * 60 * deadlineScale,
        ],
      )) as Array<{ id: string }>;
      await m.query(`INSERT INTO outbox (alert_id) VALUES ($1)`, [created.id]);
      await m.query(
        `INSERT INTO alert_events (police_post_id, alert_id, type) VALUES ($1, $2, 'alert')`,
        [next.postId, created.id],
      );
      return { postId: next.postId, alertId: created.id };
    });
  }

  /** Outbox entries not yet on the queue, locked for this relay run. */
  async pendingOutbox(m: EntityManager, limit: number) {
    return (await m.query(
      `SELECT o.id, o.alert_id, a.police_post_id, a.priority, a.deadline_at
         FROM outbox o JOIN alerts a ON a.id = o.alert_id
        WHERE o.relayed_at IS NULL ORDER BY o.id LIMIT $1 FOR UPDATE OF o SKIP LOCKED`,
      [limit],
    )) as Array<{
      id: string;
      alert_id: string;
      police_post_id: string;
      priority: number;
      deadline_at: Date;
    }>;
  }

  async markRelayed(m: EntityManager, ids: string[]): Promise<void> {
    await m.query(`UPDATE outbox SET relayed_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async list(
    postId: string | null,
    status: string | undefined,
    limit: number,
    before: string | undefined,
  ) {
    const rows = (await this.dataSource.query(
      `${ALERT_SELECT}
        WHERE ($1::uuid IS NULL OR a.police_post_id = $1) AND ($2::text IS NULL OR a.status = $2)
          AND ($3::uuid IS NULL OR (a.created_at, a.id) < (SELECT created_at, id FROM alerts WHERE id = $3))
        ORDER BY a.created_at DESC, a.id DESC LIMIT $4`,
      [postId, status ?? null, before ?? null, limit + 1],
    )) as AlertRow[];
    return { rows: rows.slice(0, limit), more: rows.length > limit };
  }

  async find(alertId: string, postId: string | null): Promise<AlertView | null> {
    const [row] = (await this.dataSource.query(
      `${ALERT_SELECT} WHERE a.id = $1 AND ($2::uuid IS NULL OR a.police_post_id = $2)`,
      [alertId, postId],
    )) as AlertRow[];
    return row ? alertView(row) : null;
  }

  /** Console events of a post after `afterId`, with the alert as it is now. */
  async eventsAfter(postId: string, afterId: string, limit = 500) {
    const rows = (await this.dataSource.query(
      `SELECT e.id AS event_id, e.type AS event_type, x.* FROM alert_events e
         JOIN LATERAL (${ALERT_SELECT} WHERE a.id = e.alert_id) x ON true
        WHERE e.police_post_id = $1 AND e.id > $2 ORDER BY e.id LIMIT $3`,
      [postId, afterId, limit],
    )) as Array<AlertRow & { event_id: string; event_type: string }>;
    return rows.map((r) => ({
      eventId: String(r.event_id),
      type: r.event_type,
      alert: alertView(r),
    }));
  }

  async latestEventId(postId: string): Promise<string> {
    const [row] = (await this.dataSource.query(
      `SELECT coalesce(max(id), 0) AS id FROM alert_events WHERE police_post_id = $1`,
      [postId],
    )) as Array<{ id: string }>;
    return String(row.id);
  }
}
