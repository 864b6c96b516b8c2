import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Console events get a position per police post that follows commit order, and a place for what
 * an event says beyond the alert itself; an escalated alert records where it went.
 *
 * Why a per-post counter taken under the post's row lock: an identity or sequence value is taken
 * when a transaction inserts, but transactions commit in another order, so a reader that has seen
 * id 12 may later find an 11 that committed after it. A console resumes "after the last event it
 * saw", so its cursor must never be overtaken. The trigger below numbers each post's events from a
 * counter row that it updates: a second transaction writing an event for the same post waits for
 * that row until the first commits or rolls back, so positions are handed out, and become visible,
 * strictly in commit order, without gaps. Posts' consoles are independent, so transactions writing
 * to different posts never wait for each other; one that writes to several posts takes their
 * counters in one INSERT ordered by post, so two such transactions cannot deadlock. (A snapshot
 * based cursor — xid8 visibility — was the alternative; it holds every console back behind the
 * oldest running transaction anywhere in the cluster, such as a statistics rebuild.)
 */
export class ConsoleOrder1796100000000 implements MigrationInterface {
  name = 'ConsoleOrder1796100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE console_sequences (
        police_post_id uuid PRIMARY KEY REFERENCES police_posts(id) ON DELETE CASCADE,
        last_position bigint NOT NULL
      )`);
    await q.query(`
      ALTER TABLE alert_events
        ADD COLUMN position bigint,
        ADD COLUMN data jsonb,
        DROP CONSTRAINT alert_events_type_check,
        ADD CONSTRAINT alert_events_type_check
          CHECK (type IN ('alert', 'updated', 'acknowledged', 'escalated'))`);
    // Existing events keep their order within each post.
    await q.query(`
      UPDATE alert_events e SET position = r.n
        FROM (SELECT id, row_number() OVER (PARTITION BY police_post_id ORDER BY id) AS n FROM alert_events) r
       WHERE r.id = e.id`);
    await q.query(`
      INSERT INTO console_sequences (police_post_id, last_position)
      SELECT police_post_id, max(position) FROM alert_events GROUP BY police_post_id`);
    await q.query(`ALTER TABLE alert_events ALTER COLUMN position SET NOT NULL`);
    await q.query(`DROP INDEX alert_events_post_idx`);
    await q.query(
      `CREATE UNIQUE INDEX alert_events_post_position_idx ON alert_events (police_post_id, position)`,
    );
    await q.query(`
      CREATE FUNCTION alert_events_position() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO console_sequences AS s (police_post_id, last_position) VALUES (NEW.police_post_id, 1)
        ON CONFLICT (police_post_id) DO UPDATE SET last_position = s.last_position + 1
        RETURNING last_position INTO NEW.position;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER alert_events_position BEFORE INSERT ON alert_events
        FOR EACH ROW EXECUTE FUNCTION alert_events_position()`);
    // Where an escalated alert went (a new alert there, or one the desk already held).
    await q.query(
      `ALTER TABLE alerts ADD COLUMN escalated_to_post_id uuid REFERENCES police_posts(id)`,
    );
    await q.query(`
      UPDATE alerts a SET escalated_to_post_id = c.police_post_id
        FROM alerts c WHERE c.parent_alert_id = a.id AND a.status = 'escalated'`);
    // The worker's sweep of due work reads open alerts by deadline.
    await q.query(`
      CREATE INDEX alerts_open_deadline_idx ON alerts (deadline_at)
        WHERE status IN ('pending', 'delivered', 'delivery_failed')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX alerts_open_deadline_idx`);
    await q.query(`ALTER TABLE alerts DROP COLUMN escalated_to_post_id`);
    await q.query(`DROP TRIGGER alert_events_position ON alert_events`);
    await q.query(`DROP FUNCTION alert_events_position()`);
    await q.query(`DROP INDEX alert_events_post_position_idx`);
    await q.query(`CREATE INDEX alert_events_post_idx ON alert_events (police_post_id, id)`);
    await q.query(`DELETE FROM alert_events WHERE type = 'updated'`);
    await q.query(`
      ALTER TABLE alert_events
        DROP CONSTRAINT alert_events_type_check,
        ADD CONSTRAINT alert_events_type_check CHECK (type IN ('alert', 'acknowledged', 'escalated')),
        DROP COLUMN data,
        DROP COLUMN position`);
    await q.query(`DROP TABLE console_sequences`);
  }
}
