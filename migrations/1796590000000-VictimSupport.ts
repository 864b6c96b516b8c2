import { MigrationInterface, QueryRunner } from 'typeorm';

/** The values the history's type check allows, read from the database (other changes add theirs). */
async function historyTypes(q: QueryRunner): Promise<{ name: string; values: string[] }> {
  const [row] = (await q.query(
    `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conrelid = 'incident_history'::regclass AND contype = 'c'
        AND pg_get_constraintdef(oid) LIKE '%type%'`,
  )) as Array<{ conname: string; def: string }>;
  return { name: row.conname, values: [...row.def.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]) };
}

async function setHistoryTypes(q: QueryRunner, name: string, values: string[]): Promise<void> {
  await q.query(`ALTER TABLE incident_history DROP CONSTRAINT "${name}"`);
  await q.query(
    `ALTER TABLE incident_history ADD CONSTRAINT "${name}" CHECK (type IN (${values.map((v) => `'${v}'`).join(', ')}))`,
  );
}

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
    const { name, values } = await historyTypes(q);
    await setHistoryTypes(q, name, [...new Set([...values, 'support_updated'])]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM incident_history WHERE type = 'support_updated'`);
    const { name, values } = await historyTypes(q);
    await setHistoryTypes(
      q,
      name,
      values.filter((v) => v !== 'support_updated'),
    );
    await q.query(`DROP TABLE incident_support`);
  }
}
