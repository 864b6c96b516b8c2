import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence footage: the object in the bucket (keyed by id, never by a user-supplied name), what is
 * known of it, its links to incidents, and its chain of custody — append-only, each event hashing
 * the previous event of the same footage.
 */
export class Footage1795800000000 implements MigrationInterface {
  name = 'Footage1795800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE footage (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        facility_id uuid NOT NULL REFERENCES facilities(id),
        unit_id uuid REFERENCES units(id),
        device_id uuid REFERENCES devices(id),
        uploaded_by uuid REFERENCES users(id),
        uploaded_by_key uuid REFERENCES unit_api_keys(id),
        object_key text NOT NULL UNIQUE,
        content_type text NOT NULL,
        size bigint NOT NULL CHECK (size >= 0),
        sha256 text,
        declared_sha256 text,
        status text NOT NULL CHECK (status IN ('uploading', 'stored', 'verified', 'rejected')),
        recorded_from timestamptz,
        recorded_to timestamptz,
        legal_hold boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (recorded_from IS NULL OR recorded_to IS NULL OR recorded_to >= recorded_from)
      )`);
    await q.query(
      `CREATE INDEX footage_device_window_idx ON footage (device_id, recorded_from, recorded_to)`,
    );
    await q.query(`CREATE INDEX footage_facility_idx ON footage (facility_id, created_at)`);

    await q.query(`
      CREATE TABLE incident_footage (
        incident_id uuid NOT NULL REFERENCES incidents(id),
        footage_id uuid NOT NULL REFERENCES footage(id),
        linked_by uuid REFERENCES users(id),
        linked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (incident_id, footage_id)
      )`);
    await q.query(`CREATE INDEX incident_footage_footage_idx ON incident_footage (footage_id)`);

    await q.query(`
      CREATE TABLE footage_custody (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        footage_id uuid NOT NULL REFERENCES footage(id),
        at timestamptz NOT NULL,
        actor_type text NOT NULL CHECK (actor_type IN ('user', 'device', 'system')),
        actor_id uuid,
        ip text,
        action text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(`CREATE INDEX footage_custody_footage_idx ON footage_custody (footage_id, id)`);
    await q.query(`
      CREATE TRIGGER footage_custody_no_update_delete BEFORE UPDATE OR DELETE OR TRUNCATE ON footage_custody
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE footage_custody`);
    await q.query(`DROP TABLE incident_footage`);
    await q.query(`DROP TABLE footage`);
  }
}
