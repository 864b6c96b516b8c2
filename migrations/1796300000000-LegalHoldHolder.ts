import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who holds footage under legal hold: the person, their role and since when, so that a hold set
 * by police or an admin can be released only by police of a routed post or an admin. Holds that
 * already exist are attributed from the chain of custody; one whose holder cannot be told is
 * treated as an admin's, the most protected kind.
 */
export class LegalHoldHolder1796300000000 implements MigrationInterface {
  name = 'LegalHoldHolder1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE footage
        ADD COLUMN legal_hold_by uuid REFERENCES users(id),
        ADD COLUMN legal_hold_by_role text
          CHECK (legal_hold_by_role IN ('facility_admin', 'police', 'admin')),
        ADD COLUMN legal_hold_since timestamptz`);
    await q.query(`
      UPDATE footage f
         SET legal_hold_by = h.user_id,
             legal_hold_by_role = COALESCE(h.role, 'admin'),
             legal_hold_since = h.at
        FROM (SELECT DISTINCT ON (c.footage_id) c.footage_id, c.at, u.id AS user_id,
                     CASE WHEN u.role IN ('facility_admin', 'police', 'admin') THEN u.role END AS role
                FROM footage_custody c
                LEFT JOIN users u ON u.id = c.actor_id AND c.actor_type = 'user'
               WHERE c.action = 'retention_changed' AND c.details->>'legalHold' = 'true'
               ORDER BY c.footage_id, c.id DESC) h
       WHERE f.id = h.footage_id AND f.legal_hold`);
    await q.query(`
      UPDATE footage SET legal_hold_by_role = 'admin', legal_hold_since = updated_at
       WHERE legal_hold AND legal_hold_by_role IS NULL`);
    await q.query(`
      ALTER TABLE footage
        ADD CONSTRAINT footage_legal_hold_by_check
          CHECK (legal_hold = (legal_hold_by_role IS NOT NULL AND legal_hold_since IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE footage
        DROP CONSTRAINT footage_legal_hold_by_check,
        DROP COLUMN legal_hold_since,
        DROP COLUMN legal_hold_by_role,
        DROP COLUMN legal_hold_by`);
  }
}
