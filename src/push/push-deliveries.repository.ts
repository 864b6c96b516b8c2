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
}
