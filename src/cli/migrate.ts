import { DataSource } from 'typeorm';
import { runCli, print } from './cli-runner';

const USAGE = 'usage: migrate run | revert [count] | check';

/**
 * The names of the applied migrations, newest first; none where the migrations table does not
 * exist yet (read without creating it: a starting pod may ask while the migration step creates it).
 */
async function appliedNewestFirst(dataSource: DataSource, table: string): Promise<string[]> {
  const [{ found }] = (await dataSource.query('SELECT to_regclass($1) IS NOT NULL AS found', [
    table,
  ])) as Array<{ found: boolean }>;
  if (!found) return [];
  const rows = (await dataSource.query(`SELECT name FROM "${table}" ORDER BY id DESC`)) as Array<{
    name: string;
  }>;
  return rows.map((r) => r.name);
}

/**
 * Undoes the last `count` applied migrations, newest first, each in its own transaction, and
 * answers their names. A failing one stops there, named, with the ones before it undone.
 */
async function revert(dataSource: DataSource, table: string, count: number): Promise<string[]> {
  const names = (await appliedNewestFirst(dataSource, table)).slice(0, count);
  for (const name of names) {
    try {
      await dataSource.undoLastMigration({ transaction: 'each' });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`reverting ${name} failed: ${reason}`, { cause: error });
    }
  }
  return names;
}

/**
 * `migrate run` applies pending migrations; `migrate revert [count]` undoes the last one, or the
 * last `count`; `migrate check` exits 0 only when every migration of this release is applied,
 * reading and writing nothing else (a starting pod waits on it while the migration step may be
 * creating the migrations table).
 */
runCli(async (dataSource, [command, ...rest]) => {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  if (command === 'revert') {
    const count = rest.length ? Number(rest[0]) : 1;
    if (rest.length > 1 || !Number.isSafeInteger(count) || count < 1) throw new Error(USAGE);
    print({ msg: 'migrations reverted', reverted: await revert(dataSource, table, count) });
    return;
  }
  if (command === 'check') {
    const applied = new Set(await appliedNewestFirst(dataSource, table));
    const pending = dataSource.migrations.map((m) => m.name!).filter((n) => !applied.has(n));
    print({ msg: pending.length ? 'migrations pending' : 'migrations applied', pending });
    return pending.length ? 1 : 0;
  }
  if (command !== 'run' || rest.length) throw new Error(USAGE);
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  print({ msg: 'migrations applied', applied: applied.map((m) => m.name) });
});
