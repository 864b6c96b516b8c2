import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ALERT_SELECT, AlertRow } from '../alerts/alert-view';
import { PushResult } from './push-sender';

/** What the push jobs read and record: the alert or incident, and each device's attempt. */
@Injectable()
export class PushDeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async alert(alertId: string): Promise<AlertRow | null> {
    const [row] = (await this.dataSource.query(`${ALERT_SELECT} WHERE a.id = $1`, [
      alertId,
    ])) as AlertRow[];
    return row ?? null;
  }

  /** The subscriptions a push service has already taken this alert for. */
  async acceptedBy(alertId: string): Promise<Set<string>> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT recipient FROM alert_attempts
        WHERE alert_id = $1 AND channel = 'push' AND outcome = 'delivered'`,
      [alertId],
    )) as Array<{ recipient: string }>;
    return new Set(rows.map((r) => r.recipient));
  }

  async recordAttempt(alertId: string, subscriptionId: string, result: PushResult): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO alert_attempts (alert_id, police_post_id, channel, recipient, outcome, response_code, latency_ms, error)
         SELECT id, police_post_id, 'push', $2, $3, $4, $5, $6 FROM alerts WHERE id = $1`,
      [
        alertId,
        subscriptionId,
        result.outcome,
        result.responseCode,
        result.latencyMs,
        result.error?.slice(0, 500) ?? null,
      ],
    );
  }

  async incident(
    incidentId: string,
  ): Promise<{ id: string; reference: string; status: string; reporterId: string } | null> {
    const [row] = (await this.dataSource.query(
      `SELECT id, reference, status, reporter_id FROM incidents WHERE id = $1`,
      [incidentId],
    )) as Array<{ id: string; reference: string; status: string; reporter_id: string }>;
    return row
      ? { id: row.id, reference: row.reference, status: row.status, reporterId: row.reporter_id }
      : null;
  }

  /**
   * Open alerts, relayed and before their deadline, that some device of the post's active
   * officers has neither taken nor refused: the push sweep makes sure their job is on the queue.
   */
  async unpushed(now: Date, limit: number): Promise<Array<{ id: string; priority: number }>> {
    return (await this.dataSource.query(
      `SELECT a.id, a.priority FROM alerts a
        WHERE a.status IN ('pending', 'delivered', 'delivery_failed') AND a.deadline_at > $1
          AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.alert_id = a.id AND o.relayed_at IS NULL)
          AND EXISTS (
            SELECT 1 FROM push_subscriptions s JOIN users u ON u.id = s.user_id
             WHERE u.role = 'police' AND u.police_post_id = a.police_post_id
               AND u.deactivated_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM alert_attempts t
                                WHERE t.alert_id = a.id AND t.channel = 'push'
                                  AND t.recipient = s.id::text
                                  AND t.outcome IN ('delivered', 'blocked')))
        ORDER BY a.created_at LIMIT $2`,
      [now, limit],
    )) as Array<{ id: string; priority: number }>;
  }
}
