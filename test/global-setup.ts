import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { generateVAPIDKeys } from 'web-push';
import { applySeeds } from '../seeds';
import { DEMO_USERS } from '../seeds/demo';
import { PasswordHasher } from '../src/auth/password-hasher';
import { dataSourceOptions } from '../src/database/data-source-options';
import {
  ensureRedisServer,
  freePort,
  startPostgres,
  startRedis,
  startS3,
} from '../src/local/services';

export const TEMPLATE_DB = 'medguard_template';
/** scrypt's cost for every password the tests hash or check: the lowest the configuration allows. */
const TEST_SCRYPT_COST = 1024;

/**
 * Starts real PostgreSQL, Redis and an S3 server on free ports with throwaway data, and prepares
 * a migrated, seeded template database that each spec file clones (fast: a file copy).
 */
export default async function globalSetup(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const run = randomBytes(4).toString('hex');
  const password = randomBytes(12).toString('hex');
  const [pgPort, redisPort, s3Port] = [await freePort(), await freePort(), await freePort()];

  const pg = await startPostgres({
    dataDir: join(tmpdir(), `medguard-test-pg-${run}`),
    port: pgPort,
    password,
    persistent: false,
    durable: false,
  });
  const redis = await startRedis({ binary: ensureRedisServer(() => undefined), port: redisPort });
  const s3Dir = join(tmpdir(), `medguard-test-s3-${run}`);
  const s3 = await startS3({ port: s3Port, dataDir: s3Dir, buckets: ['evidence-test'] });
  (globalThis as Record<string, unknown>).__MEDGUARD_SERVICES__ = { pg, redis, s3 };
  (globalThis as Record<string, unknown>).__MEDGUARD_TEMP_DIRS__ = [s3Dir];

  // Migrations and seeds that encrypt read the keyring from the environment, as in production.
  process.env.DATA_ENCRYPTION_KEYS = `test1:${randomBytes(32).toString('base64')}`;
  await pg.createDatabase(TEMPLATE_DB);
  const dataSource = new DataSource(dataSourceOptions(pg.url(TEMPLATE_DB), 2));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await applySeeds(dataSource, { demo: true });
  await hashDemoPasswordsAt(dataSource, TEST_SCRYPT_COST);
  await dataSource.destroy();

  Object.assign(process.env, {
    TEST_PG_ADMIN_URL: pg.url('postgres'),
    TEST_PG_TEMPLATE: TEMPLATE_DB,
    DATABASE_URL: pg.url(TEMPLATE_DB),
    REDIS_URL: redis.url,
    S3_ENDPOINT: s3.endpoint,
    // Where the S3 server keeps objects as files, for tests that alter what the store holds.
    TEST_S3_DIR: s3Dir,
    S3_BUCKET: 'evidence-test',
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    SECRETS_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'error',
    SCRYPT_COST: String(TEST_SCRYPT_COST),
    // Evidence packages are signed with this run's own Ed25519 key.
    EVIDENCE_SIGNING_KEY: generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    ...testPushSettings(),
  });
}

/** Web Push on, signed with a pair of this run's own; pushes reach only receivers on loopback. */
function testPushSettings(): Record<string, string> {
  const vapid = generateVAPIDKeys();
  return {
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    VAPID_SUBJECT: 'mailto:operator@medguard.test',
    PUSH_ALLOWED_HOSTS: '127.0.0.1,localhost,::1',
  };
}

/**
 * The demo accounts' passwords hashed at the tests' cost, like every account the tests create:
 * each sign-in of a spec then checks its password at that cost instead of production's.
 */
async function hashDemoPasswordsAt(dataSource: DataSource, cost: number): Promise<void> {
  const hasher = PasswordHasher.withCost(cost);
  for (const user of DEMO_USERS)
    await dataSource.query('UPDATE users SET password_hash = $2 WHERE lower(email) = lower($1)', [
      user.email,
      await hasher.hash(user.password),
    ]);
}
