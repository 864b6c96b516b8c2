import { DataSource, EntityManager } from 'typeorm';

interface PgQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a statement as a named prepared statement, so PostgreSQL parses and plans it once per
 * connection instead of on every call. For the few statements on the hottest paths (every
 * request's session check, every report's read and write). Inside a transaction it uses the
 * transaction's connection; otherwise the pool.
 */
export async function preparedQuery<T>(
  on: EntityManager | DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = on instanceof DataSource ? undefined : on.queryRunner;
  const target: PgQueryable = runner
    ? ((await runner.connect()) as PgQueryable)
    : ((on instanceof DataSource ? on : on.connection).driver as unknown as { master: PgQueryable })
        .master;
  const result = await target.query({ name, text, values });
  return result.rows as T[];
}
