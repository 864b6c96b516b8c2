import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chownSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { eventually } from './alert-stack';
import { freePort } from '../../src/local/services';
import { OwnPostgres } from './own-postgres';

/**
 * A streaming replica of an `OwnPostgres` primary: a replication role on the primary (the
 * `pg_hba.conf` initdb writes already lets it connect for replication from 127.0.0.1), then
 * a base backup into a data directory of its own, started as a hot standby on another port.
 */
export class StandbyPostgres extends OwnPostgres {
  private readonly replicationPassword = randomBytes(12).toString('hex');

  constructor(private readonly primary: OwnPostgres) {
    super();
  }

  /** Sign-ins come from the primary's copy: the same postgres password. */
  override url(database = 'medguard'): string {
    return `postgres://postgres:${this.primary.password}@127.0.0.1:${this.port}/${database}`;
  }

  /** Creates the replication role on the running primary; call before `start`. */
  async allowReplication(): Promise<void> {
    await withClient(this.primary.url('postgres'), (c) =>
      c.query(
        `CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '${this.replicationPassword}'`,
      ),
    );
  }

  /** Stops applying WAL (it still arrives): the standby answers from what it had. */
  async pauseReplay(): Promise<void> {
    await withClient(this.url(), async (c) => {
      await c.query('SELECT pg_wal_replay_pause()');
      await eventually(
        async () =>
          (await c.query(`SELECT pg_get_wal_replay_pause_state() AS s`)).rows[0].s as string,
        (s) => s === 'paused',
      );
    });
  }

  /** Resumes replay and waits until the standby has applied everything the primary has written. */
  async resumeReplay(): Promise<void> {
    await withClient(this.url(), (c) => c.query('SELECT pg_wal_replay_resume()'));
    await this.caughtUp();
  }

  /** Waits until the standby has replayed the primary's WAL up to now. */
  async caughtUp(): Promise<void> {
    const target = await withClient(this.primary.url(), async (c) =>
      String((await c.query('SELECT pg_current_wal_lsn() AS l')).rows[0].l),
    );
    const applied = await withClient(this.url(), (c) =>
      eventually(
        async () =>
          (await c.query(`SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done`, [target])).rows[0]
            .done as boolean,
        (done) => done,
      ),
    );
    if (!applied) throw new Error(`the standby did not replay up to ${target}`);
  }

  /**
   * The first start takes a base backup of the running primary with the low-level backup API
   * (the embedded binaries ship no pg_basebackup): a replication slot keeps the WAL from the
   * backup's start, the data directory is copied between `pg_backup_start` and `pg_backup_stop`,
   * and the copy gets the backup label, `standby.signal` and the connection to the primary.
   */
  override async start(): Promise<void> {
    if (this.port === 0) {
      this.port = await freePort();
      await this.baseBackup();
    }
    await super.start();
  }

  private async baseBackup(): Promise<void> {
    await withClient(this.primary.url('postgres'), async (c) => {
      await c.query(`SELECT pg_create_physical_replication_slot('standby', true)`);
      await c.query(`SELECT pg_backup_start('standby', true)`);
      execFileSync('cp', ['-a', this.primary.dir, this.dir]);
      const { rows } = await c.query(`SELECT labelfile, spcmapfile FROM pg_backup_stop(false)`);
      for (const name of ['postmaster.pid', 'postmaster.opts'])
        rmSync(join(this.dir, name), { force: true });
      for (const folder of ['pg_wal', 'pg_replslot'])
        for (const entry of readdirSync(join(this.dir, folder), { withFileTypes: true }))
          if (entry.isFile() || folder === 'pg_replslot')
            rmSync(join(this.dir, folder, entry.name), { recursive: true, force: true });
      this.writeOwned('backup_label', rows[0].labelfile as string);
      this.writeOwned('standby.signal', '');
      appendFileSync(
        join(this.dir, 'postgresql.auto.conf'),
        `primary_conninfo = 'host=127.0.0.1 port=${this.primary.port} user=replicator ` +
          `password=${this.replicationPassword} application_name=standby'\n` +
          `primary_slot_name = 'standby'\n`,
      );
    });
  }

  private writeOwned(name: string, text: string): void {
    const path = join(this.dir, name);
    writeFileSync(path, text, { mode: 0o600 });
    if ('uid' in this.ids) chownSync(path, this.ids.uid!, this.ids.gid!);
  }
}

async function withClient<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
