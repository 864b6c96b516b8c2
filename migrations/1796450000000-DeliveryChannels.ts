import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery attempts on every channel: webhook, Web Push and SMS. An attempt belongs to a police
 * post (so its delivery log lists it), usually for an alert; a test event sent to a webhook has
 * no alert. `recipient` says which device subscription or officer account a push or text was
 * for (an id, never a phone number or an endpoint); an SMS the SMSC accepted is `submitted` with
 * the SMSC's `message_id`, and its delivery receipt lands in `receipt_status`/`receipt_at`.
 */
export class DeliveryChannels1796450000000 implements MigrationInterface {
  name = 'DeliveryChannels1796450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE alert_attempts ADD COLUMN police_post_id uuid REFERENCES police_posts(id)`,
    );
    await q.query(
      `UPDATE alert_attempts t SET police_post_id = a.police_post_id FROM alerts a WHERE a.id = t.alert_id`,
    );
    await q.query(`ALTER TABLE alert_attempts ALTER COLUMN police_post_id SET NOT NULL`);
    await q.query(`ALTER TABLE alert_attempts ALTER COLUMN alert_id DROP NOT NULL`);
    await q.query(`ALTER TABLE alert_attempts DROP CONSTRAINT alert_attempts_channel_check`);
    await q.query(
      `ALTER TABLE alert_attempts ADD CONSTRAINT alert_attempts_channel_check CHECK (channel IN ('webhook', 'push', 'sms'))`,
    );
    await q.query(`ALTER TABLE alert_attempts DROP CONSTRAINT alert_attempts_outcome_check`);
    await q.query(
      `ALTER TABLE alert_attempts ADD CONSTRAINT alert_attempts_outcome_check
         CHECK (outcome IN ('delivered', 'submitted', 'failed', 'timeout', 'gone', 'blocked'))`,
    );
    await q.query(`ALTER TABLE alert_attempts ADD COLUMN recipient text`);
    await q.query(`ALTER TABLE alert_attempts ADD COLUMN message_id text`);
    await q.query(`ALTER TABLE alert_attempts ADD COLUMN receipt_status text`);
    await q.query(`ALTER TABLE alert_attempts ADD COLUMN receipt_at timestamptz`);
    await q.query(
      `CREATE INDEX alert_attempts_post_idx ON alert_attempts (police_post_id, id DESC)`,
    );
    await q.query(
      `CREATE INDEX alert_attempts_message_idx ON alert_attempts (message_id) WHERE message_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM alert_attempts WHERE channel <> 'webhook' OR alert_id IS NULL`);
    await q.query(`DROP INDEX alert_attempts_message_idx`);
    await q.query(`DROP INDEX alert_attempts_post_idx`);
    for (const column of [
      'receipt_at',
      'receipt_status',
      'message_id',
      'recipient',
      'police_post_id',
    ])
      await q.query(`ALTER TABLE alert_attempts DROP COLUMN ${column}`);
    await q.query(`UPDATE alert_attempts SET outcome = 'delivered' WHERE outcome = 'submitted'`);
    await q.query(`ALTER TABLE alert_attempts DROP CONSTRAINT alert_attempts_outcome_check`);
    await q.query(
      `ALTER TABLE alert_attempts ADD CONSTRAINT alert_attempts_outcome_check
         CHECK (outcome IN ('delivered', 'failed', 'timeout', 'gone', 'blocked'))`,
    );
    await q.query(`ALTER TABLE alert_attempts DROP CONSTRAINT alert_attempts_channel_check`);
    await q.query(
      `ALTER TABLE alert_attempts ADD CONSTRAINT alert_attempts_channel_check CHECK (channel IN ('webhook'))`,
    );
    await q.query(`ALTER TABLE alert_attempts ALTER COLUMN alert_id SET NOT NULL`);
  }
}
