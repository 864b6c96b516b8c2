import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { PoolClient } from 'pg';
import { DataSource, MigrationExecutor } from 'typeorm';
import { AuditService, SYSTEM_CALLER } from '../audit/audit.service';
import { BucketObjects } from '../storage/bucket-objects';
import { BackupManifest, Hasher, readManifest, verifyFiles } from './backup-manifest';
import { foreignKeys, loadTable, restoreSequences, tablesOf } from './database-dump';
import { loadOrder } from './table-order';

export interface RestoreSummary {
  from: string;
  createdAt: string;
  tables: number;
  rows: number;
  objects: number;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function assertEmptyDatabase(client: PoolClient): Promise<void> {
  const { rows } = await client.query<{ n: number; db: string }>(`
    SELECT count(*)::int AS n, current_database() AS db
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
       AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`);
  if (rows[0].n > 0)
    throw new Error(
      `database ${rows[0].db} is not empty (${rows[0].n} tables and sequences); ` +
        'restore into a newly created database',
    );
}

/** The backup's rows must be those of this release's schema, table by table and column by column. */
function assertSameSchema(
  manifest: BackupManifest,
  release: string[],
  tables: Array<{ name: string; columns: string[] }>,
): void {
  if (JSON.stringify(manifest.migrations) !== JSON.stringify(release))
    throw new Error(
      `the backup's schema is migration ${manifest.migrations.at(-1)} (${manifest.migrations.length} ` +
        `migrations), this release's is ${release.at(-1)} (${release.length}): restore with the ` +
        'release that made the backup, then upgrade',
    );
  const here = new Map(tables.map((t) => [t.name, [...t.columns].sort().join(',')]));
  for (const t of manifest.tables) {
    if (here.get(t.name) !== [...t.columns].sort().join(','))
      throw new Error(`table ${t.name} of the backup does not match this release's schema`);
  }
  if (here.size !== manifest.tables.length)
    throw new Error('the backup does not hold every table of this release');
}

/**
 * Restores a backup into an empty database and an empty bucket. Every file is checked against
 * the manifest first. The schema is built by this release's migrations and the rows loaded in
 * one transaction, tables in foreign-key order with the checks on; the application's triggers are
 * off while loading, so the audit and custody chains, console positions and statistics keep
 * exactly the values they had. The transaction commits only once every object is back, so a
 * failure leaves the database empty again and removes the objects it had written.
 */
export async function restoreBackup(
  dataSource: DataSource,
  objects: BucketObjects,
  from: string,
): Promise<RestoreSummary> {
  const manifest = await readManifest(from);
  const release = dataSource.migrations.map((m) => m.name ?? m.constructor.name);
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  const written: string[] = [];
  try {
    await assertEmptyDatabase(client);
    if (!(await objects.isEmpty()))
      throw new Error(`bucket ${objects.bucket} is not empty; restore into an empty bucket`);
    await verifyFiles(from, manifest);

    await runner.startTransaction();
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'all';
    await executor.executePendingMigrations();
    const tables = await tablesOf(client);
    assertSameSchema(manifest, release, tables);

    const names = manifest.tables.map((t) => t.name);
    for (const name of names) await client.query(`ALTER TABLE ${ident(name)} DISABLE TRIGGER USER`);
    // Rows the migrations themselves wrote (rule set v1) are in the backup too.
    await client.query(`TRUNCATE ${names.map(ident).join(', ')}`);
    const byName = new Map(manifest.tables.map((t) => [t.name, t]));
    for (const name of loadOrder(names, await foreignKeys(client)))
      await loadTable(client, from, byName.get(name)!);
    await restoreSequences(client, manifest.sequences);
    for (const name of names) await client.query(`ALTER TABLE ${ident(name)} ENABLE TRIGGER USER`);

    for (const object of manifest.objects) {
      const hasher = new Hasher();
      const body = createReadStream(join(from, object.file)).pipe(hasher);
      written.push(object.key);
      await objects.upload(object.key, body, object.size, object.contentType, object.metadata);
      if (hasher.digest() !== object.sha256 || hasher.bytes !== object.size)
        throw new Error(`${object.file} changed while it was being restored`);
    }

    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    await new AuditService(dataSource).record(runner.manager, SYSTEM_CALLER, {
      action: 'backup.restored',
      details: { backupCreatedAt: manifest.createdAt, rows, objects: manifest.objects.length },
    });
    await runner.commitTransaction();
    return {
      from,
      createdAt: manifest.createdAt,
      tables: names.length,
      rows,
      objects: manifest.objects.length,
    };
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    for (const key of written) await objects.remove(key).catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}
