import type { PoolClient } from 'pg';

/**
 * Readies tables for a bulk load inside the caller's transaction, and returns what puts them back
 * before it commits:
 * - the named triggers are disabled;
 * - the secondary indexes (those behind no constraint) are dropped, to be built once over all the
 *   rows at the end, which is much cheaper than growing them row by row;
 * - where the role may set `session_replication_role` (a superuser, or one granted it), foreign
 *   keys go unchecked for the rest of the transaction: the caller vouches for its references.
 *
 * All of it is transactional: other sessions keep their triggers, indexes and checks, and wait
 * for the tables (dropping an index locks its table exclusively) until the transaction ends; a
 * rollback undoes it. It takes the tables' owner, with CREATE on their schema for the indexes:
 * the role that runs the migrations.
 */
export async function readyForBulkLoad(
  client: PoolClient,
  tables: string[],
  triggers: Array<{ table: string; trigger: string }>,
): Promise<{ restore: () => Promise<void> }> {
  for (const { table, trigger } of triggers)
    await client.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
      WHERE i.indrelid = ANY($1::regclass[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      ORDER BY 1`,
    [tables],
  );
  for (const { name } of indexes) await client.query(`DROP INDEX ${name}`);
  // Sorting each index in memory rather than in runs on disk.
  await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
  const [{ allowed }] = (
    await client.query<{ allowed: boolean }>(
      `SELECT has_parameter_privilege('session_replication_role', 'SET') AS allowed`,
    )
  ).rows;
  if (allowed) await client.query(`SET LOCAL session_replication_role = replica`);
  return {
    async restore() {
      if (allowed) await client.query(`SET LOCAL session_replication_role = DEFAULT`);
      for (const { definition } of indexes) await client.query(definition);
      for (const { table, trigger } of triggers)
        await client.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
    },
  };
}
