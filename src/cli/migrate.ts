import { DataSource } from 'typeorm';
import { runCli, print } from './cli-runner';

const USAGE = 'usage: migrate run | revert [count] | check';

/**
 * Undoes the last `count` applied migrations, newest first, each in its own transaction, and
 * answers their names. A failing one stops there, named, with the ones before it undone.
 */
async function revert(dataSource: DataSource, table: string, count: number): Promise<string[]> {
  const reverted: string[] = [];
  while (reverted.length < count) {
    const [last] = (await dataSource.query(
      `SELECT name FROM "${table}" ORDER BY id DESC LIMIT 1`,
    )) as Array<{ name: string }>;
    if (!last) break;
    try {
      await dataSource.undoLastMigration({ transaction: 'each' });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`reverting ${last.name} failed: ${reason}`, { cause: error });
    }
    reverted.push(last.name);
  }
  return reverted;
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
    const [{ found }] = (await dataSource.query('SELECT to_regclass($1) IS NOT NULL AS found', [
      table,
    ])) as Array<{ found: boolean }>;
    const applied = new Set(
      found
        ? ((await dataSource.query(`SELECT name FROM "${table}"`)) as Array<{ name: string }>).map(
            (r) => r.name,
          )
        : [],
    );
    const pending = dataSource.migrations.map((m) => m.name!).filter((n) => !applied.has(n));
    print({ msg: pending.length ? 'migrations pending' : 'migrations applied', pending });
    return pending.length ? 1 : 0;
  }
  if (command !== 'run' || rest.length) throw new Error(USAGE);
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  print({ msg: 'migrations applied', applied: applied.map((m) => m.name) });
});
