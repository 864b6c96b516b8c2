import { MigrationInterface, QueryRunner } from 'typeorm';
import { allowHistoryType, disallowHistoryType } from './support/history-types';

/**
 * Addenda: what a reporter or the facility's admin adds to a filed report. Append-only (no
 * update or delete by the application); the text is encrypted like the report's narrative. Each
 * addendum is also an `addendum` entry in the report's history.
 */
export class ReportAddenda1796551000000 implements MigrationInterface {
  name = 'ReportAddenda1796551000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incident_addenda (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
        position bigint GENERATED ALWAYS AS IDENTITY,
        author_id uuid NOT NULL REFERENCES users(id),
        author_role text NOT NULL,
        text bytea NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX incident_addenda_incident_idx ON incident_addenda (incident_id, position)`,
    );
    await allowHistoryType(q, 'addendum');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM incident_history WHERE type = 'addendum'`);
    await disallowHistoryType(q, 'addendum');
    await q.query(`DROP TABLE incident_addenda`);
  }
}
