import { seedNational } from '../../seeds/national';
import { seedReference } from '../../seeds/reference';
import { seedSyntheticIncidents } from '../../seeds/synthetic';
import { AuditService, SYSTEM_CALLER } from '../audit/audit.service';
import { intArg, print, runCli } from './cli-runner';

/**
 * `seed:synthetic -- --incidents 1000000 --years 5 [--seed N]`: a national-scale directory (as
 * `seed:national`) and years of synthetic incidents over it, then the statistics rollups rebuilt.
 */
runCli(async (dataSource, args) => {
  const options = {
    incidents: intArg(args, 'incidents', 100_000),
    years: Math.max(1, intArg(args, 'years', 5)),
    seed: args.some((a) => a.startsWith('--seed')) ? intArg(args, 'seed', 1) : undefined,
  };
  const started = Date.now();
  await dataSource.transaction(async (m) => {
    await seedReference(m);
    await seedNational(m, { teams: 2100, admissionDepartments: 644 });
  });
  let reported = 0;
  const written = await seedSyntheticIncidents(dataSource, {
    ...options,
    rollups: 'rebuild',
    progress: (n, step) => {
      const seconds = (Date.now() - started) / 1000;
      if (step === 'indexes') print({ msg: 'indexes rebuilt', seconds });
      else if (step === 'rollups') print({ msg: 'statistics rebuilt', seconds });
      else if (n - reported >= 100_000 || n === options.incidents) {
        reported = n;
        print({ msg: 'incidents written', written: n, seconds });
      }
    },
  });
  await new AuditService(dataSource).record(null, SYSTEM_CALLER, {
    action: 'seed.synthetic',
    details: { options, written },
  });
  print({
    msg: 'synthetic incidents seeded, statistics rebuilt',
    written,
    seconds: (Date.now() - started) / 1000,
  });
});
