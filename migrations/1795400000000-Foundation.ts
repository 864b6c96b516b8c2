import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795400000000 implements MigrationInterface {
  name = 'Foundation1795400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

    await q.query(`
      CREATE TABLE regions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('region', 'city')),
        name_en text NOT NULL,
        name_ru text NOT NULL,
        name_kk text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE facilities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_id uuid NOT NULL REFERENCES regions(id),
        type text NOT NULL CHECK (type IN ('multi_profile_hospital', 'children_hospital',
          'perinatal_centre', 'maternity_hospital', 'polyclinic', 'ambulance_station')),
        name text NOT NULL,
        address text NOT NULL,
        lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
        staff_count integer NOT NULL CHECK (staff_count >= 0),
        is_demo boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX facilities_region_type_idx ON facilities (region_id, type)`);
    await q.query(`CREATE INDEX facilities_name_idx ON facilities (name, id)`);

    await q.query(`
      CREATE TABLE police_posts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('post', 'duty_desk')),
        name text NOT NULL,
        region_id uuid REFERENCES regions(id),
        phone text,
        webhook_url text,
        webhook_secret_enc bytea,
        is_demo boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (kind = 'duty_desk' OR region_id IS NOT NULL)
      )`);
    // One duty desk per region; the one without a region is the national fallback desk.
    await q.query(`
      CREATE UNIQUE INDEX police_posts_one_duty_desk_per_region
        ON police_posts (coalesce(region_id, '00000000-0000-0000-0000-000000000000'::uuid))
        WHERE kind = 'duty_desk'`);
    await q.query(`CREATE INDEX police_posts_name_idx ON police_posts (name, id)`);

    await q.query(`
      CREATE TABLE police_post_facilities (
        police_post_id uuid NOT NULL REFERENCES police_posts(id) ON DELETE CASCADE,
        facility_id uuid NOT NULL REFERENCES facilities(id),
        PRIMARY KEY (police_post_id, facility_id)
      )`);
    await q.query(
      `CREATE INDEX police_post_facilities_facility_idx ON police_post_facilities (facility_id)`,
    );

    await q.query(`
      CREATE TABLE units (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        facility_id uuid NOT NULL REFERENCES facilities(id),
        kind text NOT NULL CHECK (kind IN ('ambulance_team', 'admission_department')),
        name text NOT NULL,
        is_demo boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX units_facility_idx ON units (facility_id, name, id)`);

    await q.query(`
      CREATE TABLE devices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES units(id),
        kind text NOT NULL CHECK (kind IN ('body_camera', 'video_recorder')),
        serial_number text NOT NULL UNIQUE,
        model text,
        is_demo boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX devices_unit_idx ON devices (unit_id, serial_number, id)`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        password_hash text NOT NULL,
        full_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('staff', 'facility_admin', 'police', 'ministry', 'admin')),
        facility_id uuid REFERENCES facilities(id),
        police_post_id uuid REFERENCES police_posts(id),
        locale text NOT NULL DEFAULT 'ru' CHECK (locale IN ('kk', 'ru', 'en')),
        is_demo boolean NOT NULL DEFAULT false,
        deactivated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (role NOT IN ('staff', 'facility_admin') OR facility_id IS NOT NULL),
        CHECK (role <> 'police' OR police_post_id IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`CREATE INDEX users_facility_idx ON users (facility_id, email, id)`);
    await q.query(`CREATE INDEX users_email_idx ON users (email, id)`);

    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX sessions_user_idx ON sessions (user_id)`);
    await q.query(`CREATE INDEX sessions_expires_idx ON sessions (expires_at)`);

    await q.query(`
      CREATE TABLE unit_api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES units(id) ON DELETE CASCADE,
        prefix text NOT NULL UNIQUE,
        secret_hash bytea NOT NULL,
        name text NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX unit_api_keys_unit_idx ON unit_api_keys (unit_id)`);

    // The audit log is append-only: the trigger stops accidental edits, and the hash chain
    // exposes deliberate ones made by someone able to disable the trigger.
    await q.query(`
      CREATE TABLE audit_log (
        seq bigint PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor_type text NOT NULL CHECK (actor_type IN ('user', 'device', 'system', 'anonymous')),
        actor_id uuid,
        action text NOT NULL,
        entity_type text,
        entity_id text,
        ip text,
        request_id text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL UNIQUE
      )`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, seq)`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, seq)`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
    await q.query(`DROP TABLE unit_api_keys`);
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE devices`);
    await q.query(`DROP TABLE units`);
    await q.query(`DROP TABLE police_post_facilities`);
    await q.query(`DROP TABLE police_posts`);
    await q.query(`DROP TABLE facilities`);
    await q.query(`DROP TABLE regions`);
  }
}
