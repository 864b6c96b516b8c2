import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { SecretBox } from '../common/secret-box';
import { AlertStatus } from './alert.entity';
import { ALERT_SELECT, AlertPayload, AlertRow, payloadOf } from './alert-view';
import { signingSecrets } from './webhook-secrets';

export interface DeliveryTarget {
  alertId: string;
  status: AlertStatus;
  deliveredAt: Date | null;
  priority: number;
  escalationLevel: number;
  postId: string;
  webhookUrl: string | null;
  /** The secrets that sign it: the post's secret, and during a rotation's overlap the one it replaced. */
  webhookSecrets: string[];
  webhookDisabled: boolean;
  incidentCreatedAt: Date;
  payload: AlertPayload;
}

export interface AttemptRecord {
  outcome: 'delivered' | 'failed' | 'timeout' | 'gone' | 'blocked';
  responseCode: number | null;
  latencyMs: number;
  error: string | null;
}

/** Alerts that still owe work: open ones whose deadline is due or coming, and undelivered ones. */
const OPEN = `a.status IN ('pending', 'delivered', 'delivery_failed')`;
/** Nothing the relay has not yet queued: its outbox entry is the relay's to act on. */
const RELAYED = `NOT EXISTS (SELECT 1 FROM outbox o WHERE o.alert_id = a.id AND o.relayed_at IS NULL)`;

/** An alert whose webhook the post is still owed, with `attempts` (a placeholder) the limit. */
const owedWebhook = (attempts: string) => `(a.status = 'pending'
         OR (a.status = 'escalated' AND a.delivered_at IS NULL
             AND (SELECT count(*) FROM alert_attempts t
                   WHERE t.alert_id = a.id AND t.channel = 'webhook') < ${attempts}
             AND NOT EXISTS (SELECT 1 FROM alert_attempts t
                              WHERE t.alert_id = a.id AND t.channel = 'webhook'
                                AND t.outcome = 'blocked')))
    AND ${RELAYED}
    AND p.webhook_url IS NOT NULL AND p.webhook_disabled_at IS NULL`;

/** The worker's queries about alerts: the outbox, delivery, and the sweep of due work. */
@Injectable()
export class AlertDeliveryRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  async deliveryTarget(alertId: string): Promise<DeliveryTarget | null> {
    const [row] = (await this.dataSource.query(
      `SELECT x.*, p.webhook_url, p.webhook_secret_enc, p.webhook_disabled_at,
              p.webhook_previous_secret_enc, p.webhook_previous_secret_until
         FROM (${ALERT_SELECT} WHERE a.id = $1) x JOIN police_posts p ON p.id = x.police_post_id`,
      [alertId],
    )) as Array<
      AlertRow & {
        webhook_url: string | null;
        webhook_secret_enc: Buffer | null;
        webhook_disabled_at: Date | null;
        webhook_previous_secret_enc: Buffer | null;
        webhook_previous_secret_until: Date | null;
      }
    >;
    if (!row) return null;
    return {
      alertId: row.alert_id,
      status: row.status,
      deliveredAt: row.delivered_at,
      priority: row.priority,
      escalationLevel: row.escalation_level,
      postId: row.police_post_id,
      webhookUrl: row.webhook_url,
      webhookSecrets: signingSecrets(
        this.secrets,
        {
          current: row.webhook_secret_enc,
          previous: row.webhook_previous_secret_enc,
          previousUntil: row.webhook_previous_secret_until,
        },
        this.clock.now(),
      ),
      webhookDisabled: row.webhook_disabled_at !== null,
      incidentCreatedAt: row.incident_created_at,
      payload: payloadOf(row),
    };
  }

  /**
   * Records a webhook attempt and, when it delivered, marks the alert delivered in the same
   * statement. A delivered alert keeps its place in the workflow: an acknowledgement or
   * escalation stays.
   */
  async recordAttempt(alertId: string, attempt: AttemptRecord, deliveredAt: Date): Promise<void> {
    await this.dataSource.query(
      `WITH attempt AS (
         INSERT INTO alert_attempts (alert_id, police_post_id, channel, outcome, response_code, latency_ms, error)
         SELECT id, police_post_id, 'webhook', $2, $3, $4, $5 FROM alerts WHERE id = $1)
       UPDATE alerts SET delivered_at = coalesce(delivered_at, $6),
              status = CASE WHEN status IN ('pending', 'delivery_failed') THEN 'delivered' ELSE status END
        WHERE id = $1 AND $2 = 'delivered'`,
      [
        alertId,
        attempt.outcome,
        attempt.responseCode,
        attempt.latencyMs,
        attempt.error?.slice(0, 500) ?? null,
        deliveredAt,
      ],
    );
  }

  async markDeliveryFailed(alertId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE alerts SET status = 'delivery_failed' WHERE id = $1 AND status = 'pending'`,
      [alertId],
    );
  }

  async disableWebhook(postId: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE police_posts SET webhook_disabled_at = $2 WHERE id = $1`, [
      postId,
      at,
    ]);
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

  /**
   * Open alerts of incidents nobody has taken up (and of open SOS no report has attached to yet),
   * already relayed, that have a rung above them (alerts at the national desk have none), due
   * before `dueBefore`: the sweep escalates the overdue ones and makes sure the others have their
   * escalation waiting.
   */
  async openAlerts(limit: number, dueBefore: Date) {
    return (await this.dataSource.query(
      `SELECT a.id, a.deadline_at FROM alerts a
         LEFT JOIN incidents i ON i.id = a.incident_id LEFT JOIN sos s ON s.id = a.sos_id
         JOIN police_posts p ON p.id = a.police_post_id
        WHERE ${OPEN} AND (i.status = 'submitted' OR (a.incident_id IS NULL AND s.status = 'open'))
          AND a.deadline_at <= $2
          AND ${RELAYED}
          AND NOT (p.kind = 'duty_desk' AND p.region_id IS NULL)
        ORDER BY a.deadline_at LIMIT $1`,
      [limit, dueBefore],
    )) as Array<{ id: string; deadline_at: Date }>;
  }

  /**
   * Relayed alerts still waiting for their webhook delivery to a post that takes webhooks: pending
   * ones, and ones escalated at their deadline before the webhook got through (the post still has
   * to hear of them) until their attempts are spent or the address was refused.
   */
  async undelivered(limit: number, attempts: number) {
    return (await this.dataSource.query(
      `SELECT a.id, a.priority FROM alerts a JOIN police_posts p ON p.id = a.police_post_id
        WHERE ${owedWebhook('$2')} ORDER BY a.created_at LIMIT $1`,
      [limit, attempts],
    )) as Array<{ id: string; priority: number }>;
  }

  /** Whether this alert is one `undelivered` would answer, read now. */
  async stillUndelivered(alertId: string, attempts: number): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM alerts a JOIN police_posts p ON p.id = a.police_post_id
        WHERE a.id = $1 AND ${owedWebhook('$2')}`,
      [alertId, attempts],
    )) as unknown[];
    return rows.length > 0;
  }
}
