import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SOS: one tap from a member of staff under attack, before any report. An SOS has its own alerts
 * (an alert belongs to an SOS, to an incident, or to both once the report filed afterwards
 * attaches to the SOS), so `alerts.incident_id` may be empty while `alerts.sos_id` is set. An SOS
 * is `open` until a report attaches (`attached`, with its incident) or the facility's admin closes
 * it with a reason (`closed`). The location is the phone's (`device`), or the facility's own
 * coordinates when the phone could not tell (`facility`, without an accuracy).
 */
export class Sos1796520000000 implements MigrationInterface {
  name = 'Sos1796520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE sos_reference_seq`);
    await q.query(`
      CREATE TABLE sos (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE,
        facility_id uuid NOT NULL REFERENCES facilities(id),
        unit_id uuid REFERENCES units(id),
        reporter_id uuid NOT NULL REFERENCES users(id),
        place_kind text NOT NULL,
        lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
        accuracy_m double precision CHECK (accuracy_m >= 0),
        location_source text NOT NULL DEFAULT 'device' CHECK (location_source IN ('device', 'facility')),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'attached', 'closed')),
        incident_id uuid UNIQUE REFERENCES incidents(id),
        attached_at timestamptz,
        close_reason text,
        closed_by uuid REFERENCES users(id),
        closed_at timestamptz,
        created_at timestamptz NOT NULL,
        CONSTRAINT sos_attached_check CHECK ((status = 'attached') = (incident_id IS NOT NULL)),
        CONSTRAINT sos_closed_check CHECK ((status = 'closed') = (closed_at IS NOT NULL AND close_reason IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX sos_open_idx ON sos (facility_id, created_at DESC) WHERE status = 'open'`,
    );
    await q.query(`CREATE INDEX sos_reporter_idx ON sos (reporter_id, created_at DESC)`);
    await q.query(`ALTER TABLE alerts ADD COLUMN sos_id uuid REFERENCES sos(id)`);
    await q.query(`ALTER TABLE alerts ALTER COLUMN incident_id DROP NOT NULL`);
    await q.query(
      `ALTER TABLE alerts ADD CONSTRAINT alerts_subject_check CHECK (incident_id IS NOT NULL OR sos_id IS NOT NULL)`,
    );
    await q.query(`CREATE INDEX alerts_sos_idx ON alerts (sos_id) WHERE sos_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Alerts of an SOS no report followed have nothing to belong to once SOS are gone.
    await q.query(`DELETE FROM alerts WHERE incident_id IS NULL`);
    await q.query(`DROP INDEX alerts_sos_idx`);
    await q.query(`ALTER TABLE alerts DROP CONSTRAINT alerts_subject_check`);
    await q.query(`ALTER TABLE alerts ALTER COLUMN incident_id SET NOT NULL`);
    await q.query(`ALTER TABLE alerts DROP COLUMN sos_id`);
    await q.query(`DROP TABLE sos`);
    await q.query(`DROP SEQUENCE sos_reference_seq`);
  }
}
