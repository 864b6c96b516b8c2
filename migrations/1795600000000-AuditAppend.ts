import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit entries are staged in `audit_pending` within the transaction that makes the change, and
 * chained into `audit_log` by a deferred constraint trigger as that transaction commits: the
 * chain's lock is taken only inside COMMIT, never while the application is still working, and a
 * rolled-back change leaves no entry. hash = SHA-256("<previous hash>\n<seq>\n<payload>"), where
 * the payload is the entry's canonical JSON computed by the application. Inside the trigger
 * function each statement sees what committed before it, so the read after the lock is current.
 */
export class AuditAppend1795600000000 implements MigrationInterface {
  name = 'AuditAppend1795600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_pending (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor_type text NOT NULL,
        actor_id uuid,
        action text NOT NULL,
        entity_type text,
        entity_id text,
        ip text,
        request_id text,
        details jsonb NOT NULL,
        payload text NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION audit_chain_pending() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        last_seq bigint;
        last_hash text;
      BEGIN
        PERFORM pg_advisory_xact_lock(158001);
        SELECT seq, hash INTO last_seq, last_hash FROM audit_log ORDER BY seq DESC LIMIT 1;
        last_seq := coalesce(last_seq, 0) + 1;
        last_hash := coalesce(last_hash, repeat('0', 64));
        INSERT INTO audit_log (seq, occurred_at, actor_type, actor_id, action, entity_type, entity_id, ip, request_id,
            details, prev_hash, hash)
          VALUES (last_seq, NEW.occurred_at, NEW.actor_type, NEW.actor_id, NEW.action, NEW.entity_type, NEW.entity_id,
            NEW.ip, NEW.request_id, NEW.details, last_hash,
            encode(sha256(convert_to(last_hash || E'\\n' || last_seq::text || E'\\n' || NEW.payload, 'UTF8')), 'hex'));
        DELETE FROM audit_pending WHERE id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER audit_pending_chain AFTER INSERT ON audit_pending
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_chain_pending()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_pending`);
    await q.query(`DROP FUNCTION audit_chain_pending()`);
  }
}
