import { DataSource, EntityManager } from 'typeorm';

interface PgQueryable {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

let named = true;

/**
 * Whether preparedQuery names its statements (DATABASE_NAMED_STATEMENTS): a connection pooler in
 * transaction mode that does not track prepared statements (PgBouncer before 1.21) hands a
 * connection's statements to other clients, so there they are sent unnamed, planned each time.
 */
export function useNamedStatements(on: boolean): void {
  named = on;
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
  const result = await target.query(named ? { name, text, values } : { text, values });
  return result.rows as T[];
}
