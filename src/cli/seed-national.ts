import { seedNational } from '../../seeds/national';
import { seedReference } from '../../seeds/reference';
import { AuditService, SYSTEM_CALLER } from '../audit/audit.service';
import { intArg, print, runCli } from './cli-runner';

/** `seed:national -- --teams 2100 --admission-departments 644`: a national-scale synthetic directory. */
runCli(async (dataSource, args) => {
  const options = {
    teams: intArg(args, 'teams', 2100),
    admissionDepartments: intArg(args, 'admission-departments', 644),
  };
  const started = Date.now();
  const counts = await dataSource.transaction(async (m) => {
    await seedReference(m);
    const inserted = await seedNational(m, options);
    await new AuditService(dataSource).record(m, SYSTEM_CALLER, {
      action: 'seed.national',
      details: { options, inserted },
    });
    return inserted;
  });
  print({
    msg: 'national directory seeded',
    options,
    inserted: counts,
    seconds: (Date.now() - started) / 1000,
  });
});
