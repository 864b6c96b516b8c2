import { ChildProcess, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDebianCommand, freePort, isRoot, stopChild } from '../../src/local/services';

export interface PgBouncerHandle {
  /** `databaseUrl`, reached through the pooler. */
  url: string;
  stop(): Promise<void>;
}

/**
 * PgBouncer (Debian's package, installed when missing) in transaction mode in front of one
 * database: each transaction gets another server connection, as on a busy shared platform.
 * As root it runs as the `postgres` user, since PgBouncer refuses to run as root.
 */
export async function startPgBouncer(
  databaseUrl: string,
  options: { poolSize: number },
): Promise<PgBouncerHandle> {
  const binary = ensureDebianCommand('pgbouncer', 'pgbouncer', () => undefined);
  const target = new URL(databaseUrl);
  const database = target.pathname.slice(1);
  const dir = mkdtempSync(join(tmpdir(), 'medguard-pgbouncer-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'userlist.txt'),
    `"${decodeURIComponent(target.username)}" "${decodeURIComponent(target.password)}"\n`,
  );
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `${database} = host=${target.hostname} port=${target.port} dbname=${database}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = plain',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${options.poolSize}`,
      // Idle server connections are handed out in turn, so consecutive transactions of one client
      // land on different ones, as they do on a busy pooler.
      'server_round_robin = 1',
      'max_client_conn = 500',
      'ignore_startup_parameters = extra_float_digits',
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      '',
    ].join('\n'),
  );
  const asPostgres = isRoot();
  if (asPostgres) {
    const ids = spawnIds('postgres');
    for (const f of ['', 'userlist.txt', 'pgbouncer.ini'])
      chownSync(join(dir, f), ids.uid, ids.gid);
  }
  const child: ChildProcess = asPostgres
    ? spawn('runuser', ['-u', 'postgres', '--', binary, join(dir, 'pgbouncer.ini')], {
        stdio: 'ignore',
      })
    : spawn(binary, [join(dir, 'pgbouncer.ini')], { stdio: 'ignore' });
  const url = `postgres://${target.username}:${target.password}@127.0.0.1:${port}/${database}`;
  await waitForPort(port, child);
  return {
    url,
    async stop() {
      await stopChild(child, 5000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function spawnIds(user: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`no ${user} user to run PgBouncer as`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), done(true)));
      socket.once('error', () => done(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('pgbouncer did not start listening');
}
