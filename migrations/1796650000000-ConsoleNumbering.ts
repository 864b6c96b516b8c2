import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Console positions are given out after commit, by whoever reads the console, instead of inside
 * the transaction that raised the event.
 *
 * Numbering inside the writing transaction held the post's counter row until that transaction
 * committed, so every report to one post waited for the previous report's commit and WAL flush:
 * at 50 reports a second to one post that wait was most of an alert's latency. Now a transaction
 * writes its events unnumbered. `console_number(post)` numbers the post's committed unnumbered
 * events, in insertion order, after the counter's last position, in one short transaction that
 * holds the counter row only while it numbers. A reader that has seen position N therefore never
 * finds a smaller position later: every event at or below N was committed and numbered when N was
 * handed out, and anything committed afterwards is numbered above it. Readers call it before they
 * read a post's events, so a console sees an event as soon as it is committed.
 */
export class ConsoleNumbering1796650000000 implements MigrationInterface {
  name = 'ConsoleNumbering1796650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER alert_events_position ON alert_events`);
    await q.query(`DROP FUNCTION alert_events_position()`);
    await q.query(`ALTER TABLE alert_events ALTER COLUMN position DROP NOT NULL`);
    await q.query(`
      CREATE INDEX alert_events_unnumbered_idx ON alert_events (police_post_id, id)
        WHERE position IS NULL`);
    await q.query(`
      CREATE FUNCTION console_number(post uuid) RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        last bigint;
        added bigint;
      BEGIN
        -- Nothing waiting: the counter as it stands names only committed, numbered events.
        IF NOT EXISTS (SELECT 1 FROM alert_events WHERE police_post_id = post AND position IS NULL) THEN
          RETURN coalesce((SELECT last_position FROM console_sequences WHERE police_post_id = post), 0);
        END IF;
        -- Takes the counter row (waiting for a numbering in progress); the statements after it see
        -- what that numbering committed.
        INSERT INTO console_sequences AS s (police_post_id, last_position) VALUES (post, 0)
          ON CONFLICT (police_post_id) DO UPDATE SET last_position = s.last_position
          RETURNING last_position INTO last;
        WITH n AS (
          SELECT id, last + row_number() OVER (ORDER BY id) AS p
            FROM alert_events WHERE police_post_id = post AND position IS NULL)
        UPDATE alert_events e SET position = n.p FROM n WHERE e.id = n.id;
        GET DIAGNOSTICS added = ROW_COUNT;
        UPDATE console_sequences SET last_position = last + added WHERE police_post_id = post;
        RETURN last + added;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Events still unnumbered take their places after each post's last position.
    await q.query(`
      INSERT INTO console_sequences (police_post_id, last_position)
      SELECT DISTINCT police_post_id, 0 FROM alert_events WHERE position IS NULL
      ON CONFLICT DO NOTHING`);
    await q.query(`
      WITH n AS (
        SELECT e.id, s.last_position + row_number() OVER (PARTITION BY e.police_post_id ORDER BY e.id) AS p
          FROM alert_events e JOIN console_sequences s USING (police_post_id)
         WHERE e.position IS NULL)
      UPDATE alert_events e SET position = n.p FROM n WHERE e.id = n.id`);
    await q.query(`
      UPDATE console_sequences s SET last_position = m.p
        FROM (SELECT police_post_id, max(position) AS p FROM alert_events GROUP BY police_post_id) m
       WHERE m.police_post_id = s.police_post_id`);
    await q.query(`DROP FUNCTION console_number(uuid)`);
    await q.query(`DROP INDEX alert_events_unnumbered_idx`);
    await q.query(`ALTER TABLE alert_events ALTER COLUMN position SET NOT NULL`);
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
  }
}
