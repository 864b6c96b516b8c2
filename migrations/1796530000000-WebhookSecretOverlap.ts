import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A rotated webhook secret keeps signing for a while beside its successor, so a receiver can
 * switch over without missing an alert: the secret a rotation replaced (sealed like the current
 * one) and the moment it stops signing.
 */
export class WebhookSecretOverlap1796530000000 implements MigrationInterface {
  name = 'WebhookSecretOverlap1796530000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE police_posts ADD COLUMN webhook_previous_secret_enc bytea`);
    await q.query(`ALTER TABLE police_posts ADD COLUMN webhook_previous_secret_until timestamptz`);
    await q.query(
      `ALTER TABLE police_posts ADD CONSTRAINT police_posts_previous_secret_check
         CHECK ((webhook_previous_secret_enc IS NULL) = (webhook_previous_secret_until IS NULL))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE police_posts DROP CONSTRAINT police_posts_previous_secret_check`);
    await q.query(`ALTER TABLE police_posts DROP COLUMN webhook_previous_secret_until`);
    await q.query(`ALTER TABLE police_posts DROP COLUMN webhook_previous_secret_enc`);
  }
}
