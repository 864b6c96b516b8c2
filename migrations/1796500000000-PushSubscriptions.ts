import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Devices subscribed to Web Push. An endpoint is a capability URL (whoever holds it can push to
 * the device), so it is stored sealed with the secrets key like the keys that encrypt the
 * payload, and found by its SHA-256: one row per endpoint, bound to one user at a time.
 */
export class PushSubscriptions1796500000000 implements MigrationInterface {
  name = 'PushSubscriptions1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE push_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        endpoint_hash bytea NOT NULL UNIQUE,
        endpoint_enc bytea NOT NULL,
        keys_enc bytea NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX push_subscriptions_user_idx ON push_subscriptions (user_id, updated_at DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE push_subscriptions`);
  }
}
