import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where and with what each sign-in was made and when it was last used, so people can see their
 * sessions and end one; one-time password-reset links (one per account, found by the token's
 * SHA-256); and each push subscription bound to the sign-in that made it, so ending that sign-in
 * stops the device's pushes. Existing rows keep working: old sessions show no address, old
 * subscriptions belong to no session.
 */
export class PasswordsAndSessions1796585000000 implements MigrationInterface {
  name = 'PasswordsAndSessions1796585000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE sessions
        ADD COLUMN last_used_at timestamptz,
        ADD COLUMN address text,
        ADD COLUMN user_agent text`);
    await q.query(
      `CREATE INDEX sessions_user_active_idx ON sessions (user_id, created_at DESC) WHERE revoked_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE password_resets (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE,
        issued_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`
      ALTER TABLE push_subscriptions
        ADD COLUMN session_id uuid REFERENCES sessions(id) ON DELETE SET NULL`);
    await q.query(
      `CREATE INDEX push_subscriptions_session_idx ON push_subscriptions (session_id) WHERE session_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX push_subscriptions_session_idx`);
    await q.query(`ALTER TABLE push_subscriptions DROP COLUMN session_id`);
    await q.query(`DROP TABLE password_resets`);
    await q.query(`DROP INDEX sessions_user_active_idx`);
    await q.query(`
      ALTER TABLE sessions
        DROP COLUMN user_agent,
        DROP COLUMN address,
        DROP COLUMN last_used_at`);
  }
}
