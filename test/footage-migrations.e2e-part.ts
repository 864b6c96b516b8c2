import { Client } from 'pg';
import { QueryRunner } from 'typeorm';
import { LegalHoldHolder1796300000000 } from '../migrations/1796300000000-LegalHoldHolder';
import { FootageRecheck1796310000000 } from '../migrations/1796310000000-FootageRecheck';
import { DEMO_IDS } from '../seeds/demo';
import { createTestDatabase } from './support/test-app';

/** The footage migrations on a database that already holds footage, as an upgrade meets it. */
describe('footage migrations on existing data', () => {
  let db: Client;
  const runner = () =>
    ({
      query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows,
    }) as unknown as QueryRunner;
  const userId = async (email: string) =>
    (await db.query(`SELECT id FROM users WHERE email = $1`, [email])).rows[0].id as string;
  /** A footage row and custody entries as the schema before the migration kept them. */
  const footage = async (legalHold: boolean, status = 'verified') =>
    (
      await db.query(
        `INSERT INTO footage (facility_id, object_key, content_type, size, sha256, status, legal_hold, verified_at, updated_at)
         VALUES ($1, 'footage/2026-11/' || gen_random_uuid(), 'video/mp4', 1000, repeat('a', 64), $3, $2,
                 CASE WHEN $3 = 'verified' THEN now() - interval '3 days' END, now() - interval '2 days')
         RETURNING id`,
        [DEMO_IDS.centralHospital, legalHold, status],
      )
    ).rows[0].id as string;
  const custody = (id: string, actor: string | null, action: string, details: object) =>
    db.query(
      `INSERT INTO footage_custody (footage_id, at, actor_type, actor_id, action, details, prev_hash, hash)
       VALUES ($1, now() - interval '1 day', $2, $3, $4, $5, 'p', 'h')`,
      [id, actor ? 'user' : 'system', actor, action, JSON.stringify(details)],
    );

  beforeAll(async () => {
    db = new Client({ connectionString: await createTestDatabase() });
    await db.connect();
  });
  afterAll(() => db.end());

  it('attributes existing legal holds to whoever set them last, and unknown ones to an admin', async () => {
    const migration = new LegalHoldHolder1796300000000();
    await migration.down(runner());
    const [police, safety] = [
      await userId('police@demo.medguard.kz'),
      await userId('safety@demo.medguard.kz'),
    ];
    const [byPolice, bySafety, unknown, released] = [
      await footage(true),
      await footage(true),
      await footage(true),
      await footage(false),
    ];
    await custody(byPolice, safety, 'retention_changed', { legalHold: true, reason: 'a' });
    await custody(byPolice, safety, 'retention_changed', { legalHold: false, reason: 'b' });
    await custody(byPolice, police, 'retention_changed', { legalHold: true, reason: 'c' });
    await custody(bySafety, safety, 'retention_changed', { legalHold: true, reason: 'd' });
    await custody(released, police, 'retention_changed', { legalHold: true, reason: 'e' });
    await custody(released, police, 'retention_changed', { legalHold: false, reason: 'f' });

    await migration.up(runner());
    const rows = await db.query(
      `SELECT id, legal_hold_by, legal_hold_by_role, legal_hold_since IS NOT NULL AS since
         FROM footage WHERE id = ANY($1)`,
      [[byPolice, bySafety, unknown, released]],
    );
    const by = new Map(rows.rows.map((r) => [r.id, r]));
    expect(by.get(byPolice)).toMatchObject({
      legal_hold_by: police,
      legal_hold_by_role: 'police',
      since: true,
    });
    expect(by.get(bySafety)).toMatchObject({
      legal_hold_by: safety,
      legal_hold_by_role: 'facility_admin',
    });
    expect(by.get(unknown)).toMatchObject({
      legal_hold_by: null,
      legal_hold_by_role: 'admin',
      since: true,
    });
    expect(by.get(released)).toMatchObject({ legal_hold_by_role: null, since: false });
    await expect(
      db.query(`UPDATE footage SET legal_hold = true WHERE id = $1`, [released]),
    ).rejects.toThrow(/footage_legal_hold_by_check/);
  });

  it('counts stored footage as checked when it was verified or rejected, and keeps integrity failures on revert', async () => {
    const migration = new FootageRecheck1796310000000();
    await migration.down(runner());
    const [verified, rejected, stored] = [
      await footage(false),
      await footage(false, 'rejected'),
      await footage(false, 'stored'),
    ];
    await migration.up(runner());
    const rows = await db.query(
      `SELECT id, round(extract(epoch FROM now() - last_checked_at) / 86400)::int AS days
         FROM footage WHERE id = ANY($1)`,
      [[verified, rejected, stored]],
    );
    const days = new Map(rows.rows.map((r) => [r.id, r.days]));
    expect([days.get(verified), days.get(rejected), days.get(stored)]).toEqual([3, 2, null]);

    await db.query(`UPDATE footage SET status = 'integrity_failed' WHERE id = $1`, [verified]);
    await expect(migration.down(runner())).rejects.toThrow(/1 footage records failed/);
    expect((await db.query(`SELECT status FROM footage WHERE id = $1`, [verified])).rows).toEqual([
      { status: 'integrity_failed' },
    ]);
  });
});
