import { DataSource } from 'typeorm';

/**
 * Every row of every table as PostgreSQL prints it (what a dump's data holds: bytea as hex,
 * jsonb as JSON), in one string, to search for text that must not be there.
 */
export async function databaseAsText(db: DataSource): Promise<string> {
  const tables = (await db.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  )) as Array<{ tablename: string }>;
  const parts: string[] = [];
  for (const { tablename } of tables) {
    const rows = (await db.query(`SELECT t::text AS row FROM "${tablename}" t`)) as Array<{
      row: string;
    }>;
    parts.push(`-- ${tablename}`, ...rows.map((r) => r.row));
  }
  return parts.join('\n');
}
