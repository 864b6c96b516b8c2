import { QueryRunner } from 'typeorm';

/**
 * The kinds of entry a report's history may hold are a check constraint on `incident_history`;
 * migrations that add a kind (or take it back on revert) change that check, keeping whatever
 * kinds other releases have added.
 */
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

/** Allows a kind of history entry (nothing changes when it is allowed already). */
export async function allowHistoryType(q: QueryRunner, type: string): Promise<void> {
  const { name, values } = await historyTypes(q);
  if (!values.includes(type)) await setHistoryTypes(q, name, [...values, type]);
}

/** Takes a kind back; its entries must be gone first. */
export async function disallowHistoryType(q: QueryRunner, type: string): Promise<void> {
  const { name, values } = await historyTypes(q);
  await setHistoryTypes(
    q,
    name,
    values.filter((v) => v !== type),
  );
}
