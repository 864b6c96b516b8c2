import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApiApp } from '../src/bootstrap';
import { JsonLogger } from '../src/common/json-logger';
import { custodyOf, startFootageStack, uploadVerified } from './support/footage';
import { fileIncident, report } from './support/incidents';
import { mp4, sha256 } from './support/media';
import { COMMAND_ENV, count, query, RestoreTarget } from './support/restore-target';
import { appEnv, runNode } from './support/run-node';
import { bearer, DEMO_PASSWORDS, TestApp, testConfig } from './support/test-app';

describe('backup and restore (npm run backup, npm run restore)', () => {
  let t: TestApp;
  let close: () => Promise<void>;
  let backupDir: string;
  let scratch: string;
  const target = new RestoreTarget();
  const sourceEnv = () =>
    appEnv({ ...COMMAND_ENV, DATABASE_URL: t.databaseUrl, S3_BUCKET: t.config.s3.bucket });
  const targetEnv = (database: string, bucket: string) => target.commandEnv(database, bucket);
  const emptyDatabase = () => target.emptyDatabase();
  const emptyBucket = () => target.emptyBucket();

  const before: { incidents: string[]; footage: Array<{ id: string; sha256: string }> } = {
    incidents: [],
    footage: [],
  };
  let during: string[] = [];

  beforeAll(async () => {
    ({ t, close } = await startFootageStack());
    scratch = mkdtempSync(join(tmpdir(), 'medguard-backup-'));
    backupDir = join(scratch, 'backup');
    await target.start();

    const [safety, police, nurse] = await t.loginAll('safety', 'police', 'nurse');
    before.incidents = (await Promise.all(Array.from({ length: 12 }, () => fileIncident(t)))).map(
      (i) => i.id,
    );
    for (const size of [64 * 1024, 300 * 1024]) {
      const file = mp4(size);
      const id = await uploadVerified(t, safety, file, 'admission.mp4');
      before.footage.push({ id, sha256: sha256(file) });
      const link = await t
        .http()
        .post(`/api/v1/incidents/${before.incidents[0]}/footage`)
        .set(bearer(safety))
        .send({ footageId: id });
      expect(link.status).toBe(201);
    }
    const [alert] = await t.db.query(`SELECT id FROM alerts WHERE incident_id = $1 LIMIT 1`, [
      before.incidents[0],
    ]);
    expect((await t.http().post(`/api/v1/alerts/${alert.id}/ack`).set(bearer(police))).status).toBe(
      200,
    );

    // Reports keep arriving, 8 at a time, while the backup runs.
    let backingUp = true;
    const filing = Promise.all(
      Array.from({ length: 8 }, async () => {
        const ids: string[] = [];
        for (let i = 0; i < 40 && backingUp; i++) {
          const res = await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report());
          expect(res.status).toBe(201);
          ids.push(res.body.id);
        }
        return ids;
      }),
    );
    const backup = await runNode('cli/backup.js', sourceEnv(), ['--out', backupDir], 60000);
    backingUp = false;
    during = (await filing).flat();
    expect({ code: backup.code, stderr: backup.stderr }).toEqual({ code: 0, stderr: '' });
  }, 120_000);

  afterAll(async () => {
    await close?.();
    await target.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('writes a manifest of every table, sequence and object, with their SHA-256', () => {
    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8'));
    const tables = Object.fromEntries(
      manifest.tables.map((x: { name: string; rows: number }) => [x.name, x.rows]),
    );
    expect(tables.incidents).toBeGreaterThanOrEqual(before.incidents.length);
    expect(tables.audit_log).toBeGreaterThan(0);
    expect(tables.footage_custody).toBeGreaterThan(0);
    // Every object: the footage, and the audit chain's anchors the worker wrote beside it.
    const [anchors, footage] = [true, false].map((anchor) =>
      manifest.objects.filter(
        (o: { key: string }) => o.key.startsWith('audit-anchors/') === anchor,
      ),
    );
    expect(footage.map((o: { sha256: string }) => o.sha256).sort()).toEqual(
      before.footage.map((f) => f.sha256).sort(),
    );
    expect(anchors.length).toBeGreaterThan(0);
    expect(manifest.sequences.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining([`incident_number_${new Date().getFullYear()}`]),
    );
    expect(manifest.missingObjects).toEqual([]);
  });

  describe('restored on a fresh PostgreSQL and S3 server', () => {
    let restoredDb: string;
    let restoredBucket: string;
    let restored: TestApp['app'];
    const http = () => request(restored.getHttpServer());
    const login = async (who: string) => {
      const email = `${who}@demo.medguard.kz`;
      const res = await http()
        .post('/api/v1/auth/login')
        .send({ email, password: DEMO_PASSWORDS[email] });
      expect(res.status).toBe(200);
      return res.body.accessToken as string;
    };

    beforeAll(async () => {
      [restoredDb, restoredBucket] = await Promise.all([emptyDatabase(), emptyBucket()]);
      const run = await runNode(
        'cli/restore.js',
        targetEnv(restoredDb, restoredBucket),
        ['--from', backupDir],
        60000,
      );
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      restored = await createApiApp(
        testConfig(target.settings(restoredDb, restoredBucket)),
        new JsonLogger('error', 'api-restored'),
      );
    }, 90_000);
    afterAll(() => restored?.close());

    it('holds the same incidents, with their classification, history and alerts', async () => {
      const [admin, original] = [await login('admin'), await t.login('admin@demo.medguard.kz')];
      for (const id of before.incidents) {
        const [was, is] = await Promise.all([
          t.http().get(`/api/v1/incidents/${id}`).set(bearer(original)),
          http().get(`/api/v1/incidents/${id}`).set(bearer(admin)),
        ]);
        expect(is.status).toBe(200);
        expect(is.body).toEqual(was.body);
      }
    });

    it('holds the reports filed during the backup whole or not at all', async () => {
      const ids = (await query<{ id: string }>(restoredDb, 'SELECT id FROM incidents')).map(
        (r) => r.id,
      );
      expect(ids).toEqual(expect.arrayContaining(before.incidents));
      const all = new Set([...before.incidents, ...during]);
      expect(ids.filter((id) => !all.has(id))).toEqual([]);
      // The snapshot fell among them: some are in the backup, the rest came after it.
      expect(during.filter((id) => ids.includes(id)).length).toBeGreaterThan(0);
      expect(during.filter((id) => !ids.includes(id)).length).toBeGreaterThan(0);
      const partial = await query(
        restoredDb,
        `SELECT i.id FROM incidents i
          WHERE NOT EXISTS (SELECT 1 FROM incident_history h WHERE h.incident_id = i.id)
             OR NOT EXISTS (SELECT 1 FROM incident_victims v WHERE v.incident_id = i.id)
             OR NOT EXISTS (SELECT 1 FROM alerts a WHERE a.incident_id = i.id)
             OR NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.entity_id = i.id::text)`,
      );
      expect(partial).toEqual([]);
      // The statistics' deltas came from the same snapshot: the figures count exactly these.
      const ministry = await login('ministry');
      const month = new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 7);
      const stats = await http().get(`/api/v1/stats/monthly?month=${month}`).set(bearer(ministry));
      const inMonth = await query<{ n: number }>(
        restoredDb,
        `SELECT count(*)::int AS n FROM incidents
          WHERE to_char(occurred_at AT TIME ZONE 'Asia/Almaty', 'YYYY-MM') = '${month}'`,
      );
      expect(stats.body.total).toBe(inMonth[0].n);
    });

    it('serves the footage bytes with the same SHA-256', async () => {
      const safety = await login('safety');
      for (const { id, sha256: expected } of before.footage) {
        const res = await http().get(`/api/v1/footage/${id}/content`).set(bearer(safety));
        expect(res.status).toBe(302);
        expect(res.headers.location).toContain(target.s3.endpoint);
        const bytes = Buffer.from(await (await fetch(res.headers.location)).arrayBuffer());
        expect(sha256(bytes)).toBe(expected);
      }
    });

    it('keeps every chain of custody, and each verifies', async () => {
      const [safety, original] = [await login('safety'), await t.login('safety@demo.medguard.kz')];
      for (const { id } of before.footage) {
        const is = await http().get(`/api/v1/footage/${id}/custody`).set(bearer(safety));
        const was = await custodyOf(t, original, id);
        expect(is.body.valid).toBe(true);
        // Playing the footage on the restored system appends to the chain; what was there stays.
        expect(is.body.events.slice(0, was.events.length)).toEqual(was.events);
        expect(was.events.length).toBeGreaterThan(1);
      }
    });

    it('passes npm run audit:verify, the restore itself recorded at the end of the chain', async () => {
      const verify = await runNode('cli/audit-verify.js', targetEnv(restoredDb, restoredBucket));
      expect({ code: verify.code, stderr: verify.stderr }).toEqual({ code: 0, stderr: '' });
      const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8'));
      const restoredEntries = manifest.tables.find(
        (x: { name: string }) => x.name === 'audit_log',
      ).rows;
      const [next] = await query<{ action: string; details: Record<string, unknown> }>(
        restoredDb,
        `SELECT action, details FROM audit_log WHERE seq = ${restoredEntries + 1}`,
      );
      expect(next).toEqual({
        action: 'backup.restored',
        details: expect.objectContaining({ backupCreatedAt: manifest.createdAt }),
      });
    });

    it('refuses to restore into a database that is not empty, changing nothing', async () => {
      const entries = await count(restoredDb, 'audit_log');
      const run = await runNode('cli/restore.js', targetEnv(restoredDb, await emptyBucket()), [
        '--from',
        backupDir,
      ]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('is not empty');
      expect(await count(restoredDb, 'audit_log')).toBe(entries);
    });
  });

  it('refuses a bucket that is not empty, leaving the database empty', async () => {
    const [database, bucket] = await Promise.all([emptyDatabase(), emptyBucket()]);
    await target.putObject(bucket, 'someone-else');
    const run = await runNode('cli/restore.js', targetEnv(database, bucket), ['--from', backupDir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`bucket ${bucket} is not empty`);
    expect(
      await query(
        database,
        `SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`,
      ),
    ).toEqual([]);
  });

  it('refuses a backup whose object bytes changed, before writing anything', async () => {
    const damaged = join(scratch, 'damaged');
    cpSync(backupDir, damaged, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(damaged, 'manifest.json'), 'utf8'));
    const object = manifest.objects[0];
    const bytes = readFileSync(join(damaged, object.file));
    bytes[bytes.length >> 1] ^= 0x01;
    writeFileSync(join(damaged, object.file), bytes);
    const [database, bucket] = await Promise.all([emptyDatabase(), emptyBucket()]);
    const run = await runNode('cli/restore.js', targetEnv(database, bucket), ['--from', damaged]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`object ${object.key}`);
    expect(run.stderr).toContain('does not match the manifest');
    expect(
      await query(
        database,
        `SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace`,
      ),
    ).toEqual([]);
  });

  it('refuses to write a backup into a directory that is not empty', async () => {
    const run = await runNode('cli/backup.js', sourceEnv(), ['--out', backupDir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not empty');
    const missing = await runNode('cli/backup.js', sourceEnv(), []);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--out <value> is required');
  });
});
