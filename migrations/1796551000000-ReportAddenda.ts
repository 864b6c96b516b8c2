import { MigrationInterface, QueryRunner } from 'typeorm';

const HISTORY_CHECK = 'incident_history_type_check';

/** The kinds of history entry the check allows now, whatever other releases have added. */
async function historyTypes(q: QueryRunner): Promise<string[]> {
  const [row] = (await q.query(
    `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conrelid = 'incident_history'::regclass AND conname = $1`,
    [HISTORY_CHECK],
  )) as Array<{ def: string }>;
  return [...(row?.def ?? '').matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
}

async function allowHistoryTypes(q: QueryRunner, types: string[]): Promise<void> {
  await q.query(`ALTER TABLE incident_history DROP CONSTRAINT ${HISTORY_CHECK}`);
  await q.query(
    `ALTER TABLE incident_history ADD CONSTRAINT ${HISTORY_CHECK}
       CHECK (type IN (${types.map((t) => `'${t}'`).join(', ')}))`,
  );
}

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
    const types = await historyTypes(q);
    await allowHistoryTypes(q, [...new Set([...types, 'addendum'])]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM incident_history WHERE type = 'addendum'`);
    await allowHistoryTypes(
      q,
      (await historyTypes(q)).filter((t) => t !== 'addendum'),
    );
    await q.query(`DROP TABLE incident_addenda`);
  }
}
