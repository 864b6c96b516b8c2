import { applySeeds } from '../../seeds';
import { print, runCli } from './cli-runner';

/**
 * `seed` loads reference data (regions); `seed --demo` adds the demo directory and accounts.
 * Demo data is never loaded unless asked for.
 */
runCli(async (dataSource, args) => {
  const demo = args.includes('--demo');
  print({ msg: 'seed applied', demo, inserted: await applySeeds(dataSource, { demo }) });
});
