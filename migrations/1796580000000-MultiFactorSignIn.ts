import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * TOTP multi-factor sign-in: each account's authenticator secret (sealed with SECRETS_KEY; pending
 * until a first code confirms it), the last time step a code was taken for, so no code is taken
 * twice, and the account's single-use recovery codes, kept as keyed hashes only.
 */
export class MultiFactorSignIn1796580000000 implements MigrationInterface {
  name = 'MultiFactorSignIn1796580000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_mfa (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        secret_enc bytea NOT NULL,
        confirmed_at timestamptz,
        last_used_step bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (confirmed_at IS NOT NULL OR last_used_step IS NULL)
      )`);
    await q.query(`
      CREATE TABLE user_recovery_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        code_hash bytea NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (user_id, code_hash)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE user_recovery_codes`);
    await q.query(`DROP TABLE user_mfa`);
  }
}
