import { Client } from 'pg';
import { seedId } from '../seeds/seed-ids';
import { bearer, startTestApp, TestApp } from './support/test-app';
import { appEnv, runNode } from './support/run-node';

describe('audit log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const verify = () =>
    runNode(
      'cli/audit-verify.js',
      appEnv({ DATABASE_URL: t.databaseUrl, S3_BUCKET: t.config.s3.bucket }),
    );

  it('records sign-ins, failed sign-ins and directory changes with who and from where, and the chain verifies', async () => {
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'safety@demo.medguard.kz', password: 'wrong-password' });
    const admin = await t.login('admin@demo.medguard.kz');
    const unit = seedId('unit:almaty:cgkb:admission');
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t
          .http()
          .post('/api/v1/devices')
          .set(bearer(admin))
          .send({ unitId: unit, serialNumber: `VR-AUDIT-${i}` }),
      ),
    );
    await t
      .http()
      .patch(`/api/v1/units/${unit}`)
      .set(bearer(admin))
      .send({ name: 'Admission department, main building' });

    const rows = await t.db.query(`SELECT * FROM audit_log ORDER BY seq`);
    const actions = rows.map((r: { action: string }) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'seed.demo',
        'auth.login_failed',
        'auth.login',
        'device.created',
        'unit.updated',
      ]),
    );
    expect(actions.filter((a: string) => a === 'device.created')).toHaveLength(8);
    const login = rows.find((r: { action: string }) => r.action === 'auth.login');
    expect(login).toMatchObject({
      actor_type: 'user',
      entity_type: 'user',
      ip: expect.stringMatching(/127\.0\.0\.1/),
    });
    const failed = rows.find((r: { action: string }) => r.action === 'auth.login_failed');
    expect(failed).toMatchObject({
      actor_type: 'anonymous',
      details: { reason: 'wrong_password' },
    });
    expect(JSON.stringify(rows)).not.toContain('wrong-password');

    const result = await verify();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      msg: 'audit chain verified',
      entries: rows.length,
    });
  });

  it('refuses ordinary updates and deletes of audit entries', async () => {
    await expect(t.db.query(`UPDATE audit_log SET action = 'x' WHERE seq = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.query(`DELETE FROM audit_log WHERE seq = 1`)).rejects.toThrow(/append-only/);
  });

  it('names the edited entry when someone bypasses the guard and changes a row', async () => {
    const [target] = await t.db.query(
      `SELECT seq FROM audit_log WHERE action = 'unit.updated' ORDER BY seq LIMIT 1`,
    );
    const superuser = new Client({ connectionString: t.databaseUrl });
    await superuser.connect();
    try {
      await superuser.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
      await superuser.query(`UPDATE audit_log SET details = '{"changed":[]}' WHERE seq = $1`, [
        target.seq,
      ]);
      await superuser.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
    } finally {
      await superuser.end();
    }
    const result = await verify();
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `Audit chain BROKEN at entry ${target.seq}: its contents do not match its hash (edited) ` +
        `(${Number(target.seq) - 1} entries before it verified)`,
    );
  });
});
