import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_CALLER } from '../src/audit/audit.service';
import { PasswordHasher } from '../src/auth/password-hasher';
import { seedDemo } from './demo';
import { seedReference } from './reference';

/** Reference data always; the demo directory and accounts only when asked. Idempotent. */
export async function applySeeds(
  dataSource: DataSource,
  options: { demo: boolean },
): Promise<Record<string, number>> {
  const hasher = PasswordHasher.withCost(PasswordHasher.DEFAULT_COST);
  return dataSource.transaction(async (m) => {
    const inserted: Record<string, number> = await seedReference(m);
    if (options.demo) Object.assign(inserted, await seedDemo(m, (p) => hasher.hash(p)));
    await new AuditService(dataSource).record(m, SYSTEM_CALLER, {
      action: options.demo ? 'seed.demo' : 'seed.reference',
      details: { inserted },
    });
    return inserted;
  });
}
