import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import type { PostLanguage } from '../directory/directory.types';
import type { SmsKind } from './alert-sms';
import { SmsReceipt } from './delivery-receipt';

export interface SmsAlert {
  alertId: string;
  postId: string;
  language: PostLanguage;
  /** An SOS's alert before its report attaches, or a report's alert. */
  kind: SmsKind;
  reference: string;
  /** The report's category; null for an SOS without its report yet. */
  category: string | null;
  placeKind: string;
  facilityName: string;
  incidentCreatedAt: Date;
  /** Whether any officer was already texted about this alert. */
  anySubmitted: boolean;
}

/** An officer to text; the phone stays in this process and is never logged or queued. */
export interface SmsRecipient {
  userId: string;
  phone: string;
}

export interface SmsAttemptRecord {
  outcome: 'submitted' | 'failed' | 'timeout';
  responseCode: number | null;
  latencyMs: number;
  messageId: string | null;
  error: string | null;
}

/** The worker's reads and writes for texts: the alert, who is on shift, attempts and receipts. */
@Injectable()
export class SmsAttempts {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async alert(alertId: string): Promise<SmsAlert | null> {
    const [row] = (await this.dataSource.query(
      `SELECT a.id, a.police_post_id, p.language, i.id IS NULL AS sos,
              coalesce(i.reference, s.reference) AS reference, i.category,
              coalesce(i.place_kind, s.place_kind) AS place_kind,
              f.name AS facility_name, coalesce(i.created_at, s.created_at) AS incident_created_at,
              EXISTS (SELECT 1 FROM alert_attempts t WHERE t.alert_id = a.id AND t.channel = 'sms'
                        AND t.outcome = 'submitted') AS any_submitted
         FROM alerts a LEFT JOIN incidents i ON i.id = a.incident_id LEFT JOIN sos s ON s.id = a.sos_id
         JOIN facilities f ON f.id = coalesce(i.facility_id, s.facility_id)
         JOIN police_posts p ON p.id = a.police_post_id
        WHERE a.id = $1`,
      [alertId],
    )) as Array<{
      id: string;
      police_post_id: string;
      language: PostLanguage;
      sos: boolean;
      reference: string;
      category: string | null;
      place_kind: string;
      facility_name: string;
      incident_created_at: Date;
      any_submitted: boolean;
    }>;
    if (!row) return null;
    return {
      alertId: row.id,
      postId: row.police_post_id,
      language: row.language,
      kind: row.sos ? 'sos' : 'incident',
      reference: row.reference,
      category: row.category,
      placeKind: row.place_kind,
      facilityName: row.facility_name,
      incidentCreatedAt: row.incident_created_at,
      anySubmitted: row.any_submitted,
    };
  }

  /**
   * Open alerts, already relayed, with an officer on shift (active, with a phone) whom the SMSC
   * has not yet accepted a text for: the sweep makes sure each has its text job.
   */
  async untexted(limit: number): Promise<Array<{ id: string; priority: number }>> {
    return (await this.dataSource.query(
      `SELECT a.id, a.priority FROM alerts a
        WHERE a.status IN ('pending', 'delivered', 'delivery_failed') AND a.deadline_at > $1
          AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.alert_id = a.id AND o.relayed_at IS NULL)
          AND EXISTS (
            SELECT 1 FROM police_shifts s JOIN users u ON u.id = s.user_id
             WHERE s.police_post_id = a.police_post_id
               AND s.starts_at <= a.created_at AND s.ends_at > a.created_at
               AND u.phone IS NOT NULL AND u.deactivated_at IS NULL
               AND u.role = 'police' AND u.police_post_id = a.police_post_id
               AND NOT EXISTS (SELECT 1 FROM alert_attempts t
                                WHERE t.alert_id = a.id AND t.channel = 'sms'
                                  AND t.recipient = u.id::text AND t.outcome = 'submitted'))
        ORDER BY a.created_at LIMIT $2`,
      [this.clock.now(), limit],
    )) as Array<{ id: string; priority: number }>;
  }

  /**
   * Active officers with a phone on shift at the alert's post when the alert was raised, less
   * those the SMSC already accepted a text for (a retry texts only the rest).
   */
  async recipients(alertId: string): Promise<SmsRecipient[]> {
    return (await this.dataSource.query(
      `SELECT u.id AS "userId", u.phone FROM alerts a
         JOIN police_shifts s ON s.police_post_id = a.police_post_id
                             AND s.starts_at <= a.created_at AND s.ends_at > a.created_at
         JOIN users u ON u.id = s.user_id
        WHERE a.id = $1 AND u.phone IS NOT NULL AND u.deactivated_at IS NULL
          AND u.role = 'police' AND u.police_post_id = a.police_post_id
          AND NOT EXISTS (SELECT 1 FROM alert_attempts t
                           WHERE t.alert_id = a.id AND t.channel = 'sms'
                             AND t.recipient = u.id::text AND t.outcome = 'submitted')
        ORDER BY u.id`,
      [alertId],
    )) as SmsRecipient[];
  }

  async record(alertId: string, userId: string, attempt: SmsAttemptRecord): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO alert_attempts (alert_id, police_post_id, channel, recipient, outcome,
                                   response_code, latency_ms, message_id, error)
         SELECT id, police_post_id, 'sms', $2, $3, $4, $5, $6, $7 FROM alerts WHERE id = $1`,
      [
        alertId,
        userId,
        attempt.outcome,
        attempt.responseCode,
        attempt.latencyMs,
        attempt.messageId,
        attempt.error?.slice(0, 500) ?? null,
      ],
    );
  }

  /** Puts a delivery receipt on the attempt the SMSC gave that message id. */
  async recordReceipt(receipt: SmsReceipt): Promise<void> {
    await this.dataSource.query(
      `UPDATE alert_attempts SET receipt_status = $2, receipt_at = $3
        WHERE message_id = $1 AND channel = 'sms'`,
      [receipt.messageId, receipt.status, this.clock.now()],
    );
  }
}
