import { runCli, print } from './cli-runner';

/**
 * `migrate run` applies pending migrations; `migrate revert` undoes the last one; `migrate check`
 * exits 0 only when every migration of this release is applied, reading and writing nothing else
 * (a starting pod waits on it while the migration step may be creating the migrations table).
 */
runCli(async (dataSource, [command]) => {
  if (command === 'revert') {
    await dataSource.undoLastMigration({ transaction: 'each' });
    print({ msg: 'migration reverted' });
    return;
  }
  if (command === 'check') {
    const table = dataSource.options.migrationsTableName ?? 'migrations';
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
  if (command !== 'run') throw new Error('usage: migrate run|revert|check');
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  print({ msg: 'migrations applied', applied: applied.map((m) => m.name) });
});
