import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Officers' phones, the language of texts sent to a post, and the posts' duty roster. One
 * officer is on one shift at a time: the exclusion constraint refuses an overlapping shift even
 * when two are written at once. A shift lasts at most 24 hours.
 */
export class DutyRoster1796510000000 implements MigrationInterface {
  name = 'DutyRoster1796510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`ALTER TABLE users ADD COLUMN phone text`);
    await q.query(
      `ALTER TABLE users ADD CONSTRAINT users_phone_e164 CHECK (phone IS NULL OR phone ~ '^\\+[1-9][0-9]{6,14}$')`,
    );
    await q.query(
      `ALTER TABLE police_posts ADD COLUMN IF NOT EXISTS language text NOT NULL DEFAULT 'ru'`,
    );
    await q.query(
      `ALTER TABLE police_posts ADD CONSTRAINT police_posts_language_check CHECK (language IN ('kk', 'ru'))`,
    );
    await q.query(`
      CREATE TABLE police_shifts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        police_post_id uuid NOT NULL REFERENCES police_posts(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT police_shifts_order CHECK (ends_at > starts_at),
        CONSTRAINT police_shifts_length CHECK (ends_at - starts_at <= interval '24 hours'),
        CONSTRAINT police_shifts_no_overlap
          EXCLUDE USING gist (user_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
      )`);
    await q.query(
      `CREATE INDEX police_shifts_post_time_idx ON police_shifts USING gist (police_post_id, tstzrange(starts_at, ends_at))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE police_shifts`);
    await q.query(`ALTER TABLE police_posts DROP CONSTRAINT police_posts_language_check`);
    await q.query(`ALTER TABLE police_posts DROP COLUMN language`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_phone_e164`);
    await q.query(`ALTER TABLE users DROP COLUMN phone`);
  }
}
