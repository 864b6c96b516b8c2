import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Footage asked of a device for an incident's window: made when a report is filed (or by a person),
 * fetched by the device's gateway, then fulfilled by an upload naming it or declined with a reason.
 * Whether it is received or verified is read from the footage it names; it expires when neither
 * happened by `expires_at`. The device's serial number is kept so the request still says which
 * device it asked after the device is removed from the directory.
 */
export class FootageRequests1796630000000 implements MigrationInterface {
  name = 'FootageRequests1796630000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE footage_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incidents(id),
        device_id uuid REFERENCES devices(id) ON DELETE SET NULL,
        device_serial text NOT NULL,
        window_from timestamptz NOT NULL,
        window_to timestamptz NOT NULL,
        origin text NOT NULL CHECK (origin IN ('report', 'person')),
        requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        footage_id uuid REFERENCES footage(id) ON DELETE SET NULL,
        upload_started_at timestamptz,
        received_at timestamptz,
        declined_at timestamptz,
        decline_reason text CHECK (decline_reason IN ('not_recorded', 'overwritten', 'device_offline')),
        CHECK (window_to > window_from),
        CHECK (expires_at > created_at),
        CHECK ((declined_at IS NULL) = (decline_reason IS NULL))
      )`);
    await q.query(
      `CREATE INDEX footage_requests_incident_idx ON footage_requests (incident_id, created_at)`,
    );
    // What a gateway polls for: its devices' requests still awaiting an answer.
    await q.query(
      `CREATE INDEX footage_requests_awaiting_idx ON footage_requests (device_id, expires_at)
        WHERE declined_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX footage_requests_footage_idx ON footage_requests (footage_id) WHERE footage_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE footage_requests`);
  }
}
