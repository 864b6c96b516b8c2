import { Client } from 'pg';
import { MIGRATIONS } from '../src/database/migrations';
import { appEnv, runNode } from './support/run-node';
import { createTestDatabase } from './support/test-app';

describe('migrations', () => {
  it('revert and re-apply cleanly on a database that already holds data', async () => {
    const url = await createTestDatabase();
    const tables = async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        const res = await client.query(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
        );
        return res.rows.map((r: { table_name: string }) => r.table_name);
      } finally {
        await client.end();
      }
    };
    const before = await tables();
    expect(before).toEqual(
      expect.arrayContaining(['audit_log', 'facilities', 'police_posts', 'users']),
    );

    // Every migration down, newest first, each in its own transaction, in one process.
    const revert = await runNode('cli/migrate.js', appEnv({ DATABASE_URL: url }), [
      'revert',
      String(MIGRATIONS.length),
    ]);
    // The error line names the migration whose revert failed.
    expect({ code: revert.code, stderr: revert.stderr.slice(-600) }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(JSON.parse(revert.stdout).reverted).toEqual(MIGRATIONS.map((m) => m.name).reverse());
    expect(await tables()).toEqual([]);

    const run = await runNode('cli/migrate.js', appEnv({ DATABASE_URL: url }), ['run']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).applied).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await tables()).toEqual(before);

    const again = await runNode('cli/migrate.js', appEnv({ DATABASE_URL: url }), ['run']);
    expect(JSON.parse(again.stdout).applied).toEqual([]);
  }, 90_000);

  it('tells a starting pod whether this release’s migrations are applied, without writing anything', async () => {
    const url = await createTestDatabase();
    const check = () => runNode('cli/migrate.js', appEnv({ DATABASE_URL: url }), ['check']);
    const ready = await check();
    expect({ code: ready.code, out: JSON.parse(ready.stdout) }).toEqual({
      code: 0,
      out: { msg: 'migrations applied', pending: [] },
    });
    // A count that is not a positive whole number is refused before anything is undone.
    const refused = await runNode('cli/migrate.js', appEnv({ DATABASE_URL: url }), ['revert', '0']);
    expect({ code: refused.code, stderr: refused.stderr.trim() }).toEqual({
      code: 1,
      stderr: 'usage: migrate run | revert [count] | check',
    });
    expect((await check()).code).toBe(0);
    const reverted = await runNode('cli/migrate.js', appEnv({ DATABASE_URL: url }), ['revert']);
    expect({ code: reverted.code, out: JSON.parse(reverted.stdout) }).toEqual({
      code: 0,
      out: expect.objectContaining({ reverted: [MIGRATIONS.at(-1)!.name] }),
    });
    const behind = await check();
    expect({ code: behind.code, out: JSON.parse(behind.stdout) }).toEqual({
      code: 1,
      out: { msg: 'migrations pending', pending: [MIGRATIONS.at(-1)!.name] },
    });

    // A database no migration has touched yet (the first deployment): every one is pending, and
    // the check creates no table while the migration Job may be creating it.
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('DROP TABLE migrations');
      const fresh = await check();
      expect({ code: fresh.code, pending: JSON.parse(fresh.stdout).pending }).toEqual({
        code: 1,
        pending: MIGRATIONS.map((m) => m.name),
      });
      const table = await client.query(`SELECT to_regclass('migrations') AS t`);
      expect(table.rows[0].t).toBeNull();
      // Nor does a revert there: nothing is applied, so nothing is undone.
      const none = await runNode('cli/migrate.js', appEnv({ DATABASE_URL: url }), ['revert']);
      expect({ code: none.code, reverted: JSON.parse(none.stdout).reverted }).toEqual({
        code: 0,
        reverted: [],
      });
      expect((await client.query(`SELECT to_regclass('migrations') AS t`)).rows[0].t).toBeNull();
    } finally {
      await client.end();
    }
  });

  it('needs only DATABASE_URL and the keyring, and names DATABASE_URL when it is wrong', async () => {
    const result = await runNode(
      'cli/migrate.js',
      { PATH: process.env.PATH, DATABASE_URL: 'nope' },
      ['run'],
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Invalid configuration: DATABASE_URL must be a URL (postgres: or postgresql://...)',
    );
  });
});
