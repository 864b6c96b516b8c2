import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FieldCipher } from '../privacy/field-cipher';
import { ALERT_SELECT, AlertRow, alertView } from './alert-view';
import { AlertView } from './alert.views';

/** What the API reads about alerts: the post's list, one alert, and the console's events. */
@Injectable()
export class AlertsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

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
    return {
      views: rows.slice(0, limit).map((r) => alertView(r, this.cipher)),
      more: rows.length > limit,
    };
  }

  async find(alertId: string, postId: string | null): Promise<AlertView | null> {
    const [row] = (await this.dataSource.query(
      `${ALERT_SELECT} WHERE a.id = $1 AND ($2::uuid IS NULL OR a.police_post_id = $2)`,
      [alertId, postId],
    )) as AlertRow[];
    return row ? alertView(row, this.cipher) : null;
  }

  /** Console events of a post after a position, in commit order, with the alert as it is now. */
  async eventsAfter(postId: string, after: string, limit = 500) {
    const rows = (await this.dataSource.query(
      `SELECT e.position, e.type AS event_type, x.* FROM alert_events e
         JOIN LATERAL (${ALERT_SELECT} WHERE a.id = e.alert_id) x ON true
        WHERE e.police_post_id = $1 AND e.position > $2 ORDER BY e.position LIMIT $3`,
      [postId, after, limit],
    )) as Array<AlertRow & { position: string; event_type: string }>;
    return rows.map((r) => ({
      position: String(r.position),
      type: r.event_type,
      alert: alertView(r, this.cipher),
    }));
  }

  /**
   * The position of the post's last console event ('0' before the first), numbering first the
   * events committed since the last numbering, so every event up to it can be read.
   */
  async lastPosition(postId: string): Promise<string> {
    const [row] = (await this.dataSource.query(`SELECT console_number($1) AS last_position`, [
      postId,
    ])) as Array<{ last_position: string }>;
    return String(row.last_position);
  }
}
