import { AuditAnchors } from '../audit/audit-anchors';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppConfig, storageConfigFromEnv } from '../config/app-config';
import { ObjectStorage } from '../storage/object-storage.service';
import { print, runCli } from './cli-runner';

/**
 * Re-checks the audit log's hash chain, then that every head anchored in the bucket is still in
 * it; exits 1 naming the first broken entry or the first anchored entry that is gone.
 */
runCli(async (dataSource) => {
  // The SDK's notice about future Node versions is not actionable here (as in bootstrap.ts).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { checked, broken } = await new AuditService(dataSource).verify();
  if (broken) {
    console.error(
      `Audit chain BROKEN at entry ${broken.seq}: ${broken.reason} (${checked} entries before it verified)`,
    );
    return 1;
  }
  const storage = new ObjectStorage({ s3: storageConfigFromEnv() } as AppConfig);
  try {
    const anchors = new AuditAnchors(dataSource, storage, new Clock(), {} as AppConfig);
    const { anchors: found, problems } = await anchors.verify();
    const failing = new Set(problems.map((p) => p.seq));
    for (const a of found) print({ msg: 'audit anchor', ...a, inChain: !failing.has(a.seq) });
    if (problems.length > 0) {
      const [first] = problems;
      console.error(
        `Audit chain TRUNCATED: anchored entry ${first.seq} is missing or replaced: ${first.reason} ` +
          `(${problems.length} of ${found.length} anchors fail; the chain holds ${checked} entries)`,
      );
      return 1;
    }
    print({ msg: 'audit chain verified', entries: checked, anchors: found.length });
  } finally {
    storage.onApplicationShutdown();
  }
});
