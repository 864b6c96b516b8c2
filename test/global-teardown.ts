import { rmSync } from 'node:fs';

interface Stoppable {
  stop(): Promise<void>;
}

export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as Record<string, unknown>).__MEDGUARD_SERVICES__ as
    { pg: Stoppable; redis: Stoppable; s3: Stoppable } | undefined;
  if (!services) return;
  await Promise.allSettled([services.redis.stop(), services.s3.stop()]);
  await services.pg.stop();
  for (const dir of (globalThis as Record<string, unknown>).__MEDGUARD_TEMP_DIRS__ as string[]) {
    rmSync(dir, { recursive: true, force: true });
  }
}
