import { AuditService, SYSTEM_CALLER } from '../audit/audit.service';
import { StatisticsRollups } from '../statistics/rollups.service';
import { print, runCli } from './cli-runner';

/** `stats:rebuild`: recomputes every statistics rollup from the incidents, safe while reports arrive. */
runCli(async (dataSource) => {
  const started = Date.now();
  await new StatisticsRollups(dataSource).rebuild();
  await new AuditService(dataSource).record(null, SYSTEM_CALLER, { action: 'stats.rebuilt' });
  print({ msg: 'statistics rebuilt', seconds: (Date.now() - started) / 1000 });
});
