import { MigrationInterface, QueryRunner } from 'typeorm';
import { allowHistoryType, disallowHistoryType } from './support/history-types';

/**
 * Victim support: for each victim of a report, the support offered (medical care, counselling,
 * legal aid, sick leave, return-to-work follow-up) and its state, with a due date and a note. The
 * note is health-related personal data and is stored encrypted. Every change of the list is a
 * `support_updated` entry in the report's history.
 */
export class VictimSupport1796590000000 implements MigrationInterface {
  name = 'VictimSupport1796590000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incident_support (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
        victim_index integer NOT NULL CHECK (victim_index >= 0),
        kind text NOT NULL CHECK (kind IN ('medical_care', 'counselling', 'legal_aid', 'sick_leave', 'return_to_work')),
        state text NOT NULL CHECK (state IN ('offered', 'accepted', 'declined', 'completed')),
        due_at timestamptz,
        note bytea,
        updated_at timestamptz NOT NULL,
        updated_by uuid NOT NULL REFERENCES users(id),
        CONSTRAINT incident_support_one_per_kind UNIQUE (incident_id, victim_index, kind)
      )`);
    await allowHistoryType(q, 'support_updated');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM incident_history WHERE type = 'support_updated'`);
    await disallowHistoryType(q, 'support_updated');
    await q.query(`DROP TABLE incident_support`);
  }
}
