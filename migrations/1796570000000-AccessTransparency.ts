import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Entries that record a read of personal data name the reports they carried in
 * `details.incidentIds`; a report's access log looks its reads up through a partial index, so the
 * other entries of the audit log cost it nothing. An account's export finds the reports naming it
 * as a victim through the second. Building them reads the tables once and holds back writes
 * meanwhile; nothing is rewritten.
 */
export class AccessTransparency1796570000000 implements MigrationInterface {
  name = 'AccessTransparency1796570000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX audit_log_read_incidents_idx ON audit_log
         USING gin ((details -> 'incidentIds') jsonb_path_ops) WHERE details ? 'incidentIds'`,
    );
    await q.query(
      `CREATE INDEX incident_victims_user_idx ON incident_victims (user_id) WHERE user_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX incident_victims_user_idx`);
    await q.query(`DROP INDEX audit_log_read_incidents_idx`);
  }
}
