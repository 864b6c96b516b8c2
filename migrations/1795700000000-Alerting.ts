import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alert delivery: the outbox that carries new alerts from the filing transaction to the queue, the
 * record of every delivery attempt, the per-post event log the live console resumes from, and
 * acknowledgement and escalation on the alert itself. Alerts that already exist are queued too.
 */
export class Alerting1795700000000 implements MigrationInterface {
  name = 'Alerting1795700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE police_posts ADD COLUMN webhook_disabled_at timestamptz`);
    await q.query(`
      ALTER TABLE alerts
        ADD COLUMN parent_alert_id uuid REFERENCES alerts(id),
        ADD COLUMN deadline_at timestamptz,
        ADD COLUMN delivered_at timestamptz,
        ADD COLUMN acknowledged_at timestamptz,
        ADD COLUMN acknowledged_by uuid REFERENCES users(id),
        ADD COLUMN escalated_at timestamptz,
        ADD CONSTRAINT alerts_status_check
          CHECK (status IN ('pending', 'delivered', 'delivery_failed', 'acknowledged', 'escalated'))`);
    await q.query(
      `UPDATE alerts SET deadline_at = created_at + interval '5 minutes' WHERE deadline_at IS NULL`,
    );
    await q.query(`ALTER TABLE alerts ALTER COLUMN deadline_at SET NOT NULL`);
    await q.query(`CREATE INDEX alerts_incident_idx ON alerts (incident_id)`);

    await q.query(`
      CREATE TABLE alert_attempts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        alert_id uuid NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        channel text NOT NULL CHECK (channel IN ('webhook')),
        at timestamptz NOT NULL DEFAULT now(),
        outcome text NOT NULL CHECK (outcome IN ('delivered', 'failed', 'timeout', 'gone', 'blocked')),
        response_code integer,
        latency_ms integer,
        error text
      )`);
    await q.query(`CREATE INDEX alert_attempts_alert_idx ON alert_attempts (alert_id, id)`);

    await q.query(`
      CREATE TABLE alert_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        police_post_id uuid NOT NULL REFERENCES police_posts(id),
        alert_id uuid NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('alert', 'acknowledged', 'escalated')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX alert_events_post_idx ON alert_events (police_post_id, id)`);

    await q.query(`
      CREATE TABLE outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        alert_id uuid NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        relayed_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_pending_idx ON outbox (id) WHERE relayed_at IS NULL`);
    // Wakes the relay as soon as a filing commits; the relay also polls, in case a notice is missed.
    await q.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox', '');
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`,
    );

    await q.query(
      `INSERT INTO alert_events (police_post_id, alert_id, type) SELECT police_post_id, id, 'alert' FROM alerts ORDER BY created_at`,
    );
    await q.query(
      `INSERT INTO outbox (alert_id) SELECT id FROM alerts WHERE status = 'pending' ORDER BY created_at`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox`);
    await q.query(`DROP FUNCTION outbox_notify()`);
    await q.query(`DROP TABLE alert_events`);
    await q.query(`DROP TABLE alert_attempts`);
    await q.query(`DROP INDEX alerts_incident_idx`);
    await q.query(`
      ALTER TABLE alerts DROP CONSTRAINT alerts_status_check, DROP COLUMN escalated_at, DROP COLUMN acknowledged_by,
        DROP COLUMN acknowledged_at, DROP COLUMN delivered_at, DROP COLUMN deadline_at, DROP COLUMN parent_alert_id`);
    await q.query(`ALTER TABLE police_posts DROP COLUMN webhook_disabled_at`);
  }
}
