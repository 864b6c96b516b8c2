import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { PoolClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { Hasher, SequenceValue, TableDump } from './backup-manifest';

/** TypeORM's record of applied migrations; restored by running the migrations themselves. */
export const MIGRATIONS_TABLE = 'migrations';

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

interface TableShape {
  name: string;
  columns: string[];
  partitioned: boolean;
}

/** The application's tables and their stored columns (generated ones are computed again). */
export async function tablesOf(client: PoolClient): Promise<TableShape[]> {
  const { rows } = await client.query<{ name: string; columns: string[]; kind: string }>(
    `
    SELECT c.relname AS name, c.relkind AS kind,
           array_agg(a.attname::text ORDER BY a.attnum) AS columns
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                         AND a.attgenerated = ''
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
       AND c.relname <> $1
     GROUP BY c.relname, c.relkind
     ORDER BY c.relname`,
    [MIGRATIONS_TABLE],
  );
  return rows.map((r) => ({ name: r.name, columns: r.columns, partitioned: r.kind === 'p' }));
}

export async function foreignKeys(
  client: PoolClient,
): Promise<Array<{ from: string; to: string }>> {
  const { rows } = await client.query<{ from: string; to: string }>(`
    SELECT DISTINCT c.conrelid::regclass::text AS "from", c.confrelid::regclass::text AS "to"
      FROM pg_constraint c
      JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE c.contype = 'f' AND n.nspname = 'public'`);
  return rows.map((r) => ({ from: r.from.replace(/^"|"$/g, ''), to: r.to.replace(/^"|"$/g, '') }));
}

/**
 * Writes every table's rows, in the snapshot of the transaction the client is in (REPEATABLE READ
 * READ ONLY, begun by the caller), as gzipped COPY text; then the sequences' values, which are
 * read after the snapshot and so are at least every value its rows hold.
 */
export async function dumpTables(
  client: PoolClient,
  dir: string,
): Promise<{ migrations: string[]; tables: TableDump[]; sequences: SequenceValue[] }> {
  const migrations = (
    await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`)
  ).rows.map((r) => r.name);
  const tables: TableDump[] = [];
  for (const [n, table] of (await tablesOf(client)).entries()) {
    const file = `db/${String(n + 1).padStart(3, '0')}-${table.name}.copy.gz`;
    const columns = table.columns.map(ident).join(', ');
    const source = table.partitioned
      ? `(SELECT ${columns} FROM ${ident(table.name)})`
      : `${ident(table.name)} (${columns})`;
    const copy = client.query(copyTo(`COPY ${source} TO STDOUT`));
    const hasher = new Hasher();
    await pipeline(copy, createGzip(), hasher, createWriteStream(join(dir, file)));
    tables.push({ ...table, rows: copy.rowCount, file, sha256: hasher.digest() });
  }
  const names = (
    await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'S' AND n.nspname = 'public' ORDER BY c.relname`,
    )
  ).rows.map((r) => r.name);
  const sequences: SequenceValue[] = [];
  for (const name of names) {
    const [row] = (
      await client.query<{ last: string; called: boolean }>(
        `SELECT last_value::text AS last, is_called AS called FROM ${ident(name)}`,
      )
    ).rows;
    sequences.push({ name, lastValue: row.last, isCalled: row.called });
  }
  return {
    migrations,
    tables: tables.map(({ name, columns, rows, file, sha256 }) => ({
      name,
      columns,
      rows,
      file,
      sha256,
    })),
    sequences,
  };
}

/** Loads one table's dump; the file's hash and row count must be the manifest's. */
export async function loadTable(client: PoolClient, dir: string, table: TableDump): Promise<void> {
  const copy = client.query(
    copyFrom(`COPY ${ident(table.name)} (${table.columns.map(ident).join(', ')}) FROM STDIN`),
  );
  const hasher = new Hasher();
  await pipeline(createReadStream(join(dir, table.file)), hasher, createGunzip(), copy);
  if (hasher.digest() !== table.sha256)
    throw new Error(`${table.file} changed while it was being restored`);
  if (copy.rowCount !== table.rows)
    throw new Error(`${table.name}: ${copy.rowCount} rows loaded, the manifest says ${table.rows}`);
}

/** Puts every sequence where the backup left it, creating those made on demand (yearly numbers). */
export async function restoreSequences(
  client: PoolClient,
  sequences: SequenceValue[],
): Promise<void> {
  for (const s of sequences) {
    await client.query(`CREATE SEQUENCE IF NOT EXISTS ${ident(s.name)}`);
    await client.query(`SELECT setval($1, $2::bigint, $3)`, [
      ident(s.name),
      s.lastValue,
      s.isCalled,
    ]);
  }
}
