import { AuditService } from '../audit/audit.service';
import { print, runCli } from './cli-runner';

/** Re-checks the audit log's hash chain; exits 1 naming the first broken entry. */
runCli(async (dataSource) => {
  const { checked, broken } = await new AuditService(dataSource).verify();
  if (broken) {
    console.error(
      `Audit chain BROKEN at entry ${broken.seq}: ${broken.reason} (${checked} entries before it verified)`,
    );
    return 1;
  }
  print({ msg: 'audit chain verified', entries: checked });
});
