import { runCli, print } from './cli-runner';

/** `migrate run` applies pending migrations; `migrate revert` undoes the last one. */
runCli(async (dataSource, [command]) => {
  if (command === 'revert') {
    await dataSource.undoLastMigration({ transaction: 'each' });
    print({ msg: 'migration reverted' });
    return;
  }
  if (command !== 'run') throw new Error('usage: migrate run|revert');
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  print({ msg: 'migrations applied', applied: applied.map((m) => m.name) });
});
