import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DEMO_IDS } from '../seeds/demo';
import { EncryptPersonalData1796550000000 } from '../migrations/1796550000000-EncryptPersonalData';
import { MIGRATIONS } from '../src/database/migrations';
import { CENTRAL_ADMISSION, report } from './support/incidents';
import { appEnv, runNode } from './support/run-node';
import { bearer, startTestApp } from './support/test-app';

const run = randomBytes(3).toString('hex');

describe('the migration that encrypts personal data', () => {
  it('decrypts every value back into plain columns on revert, and encrypts the plain rows again on run', async () => {
    const t = await startTestApp();
    const nurse = await t.login('nurse@demo.medguard.kz');
    const bodies = Array.from({ length: 12 }, (_, i) =>
      report({
        place: { kind: 'ward', address: `Ward ${i} ${run}`, lat: 43.1 + i / 1000, lon: 76.2 },
        victims: [{ role: 'nurse', injury: 'minor', fullName: `Name ${i} ${run}` }],
        narrative: `Narrative ${i} ${run}`,
        ...(i % 2 ? { witnesses: `Witness ${i}` } : {}),
      }),
    );
    const filed = await Promise.all(
      bodies.map((b) => t.http().post('/api/v1/incidents').set(bearer(nurse)).send(b)),
    );
    expect(filed.map((f) => f.status)).toEqual(bodies.map(() => 201));
    const addendum = await t
      .http()
      .post(`/api/v1/incidents/${filed[0].body.id}/addenda`)
      .set(bearer(nurse))
      .send({ text: `Later ${run}` });
    expect(addendum.status).toBe(201);
    const sos = await t.http().post('/api/v1/sos').set(bearer(nurse)).send({
      facilityId: DEMO_IDS.centralHospital,
      unitId: CENTRAL_ADMISSION,
      lat: 43.25,
      lon: 76.95,
    });
    expect(sos.status).toBe(201);
    const detail = (id: string) => t.http().get(`/api/v1/incidents/${id}`).set(bearer(nurse));
    const before = await Promise.all(filed.map((f) => detail(f.body.id)));
    await t.close();

    const env = appEnv({ DATABASE_URL: t.databaseUrl });
    // Revert down to (and including) the encryption migration, whatever came after it.
    const reverts = MIGRATIONS.length - MIGRATIONS.indexOf(EncryptPersonalData1796550000000);
    expect(await runNode('cli/migrate.js', env, ['revert', String(reverts)])).toMatchObject({
      code: 0,
    });
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    const query = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows;
    const [plain] = await query(
      `SELECT narrative, place_address, place_lat, witnesses FROM incidents WHERE id = $1`,
      [filed[1].body.id],
    );
    expect(plain).toEqual({
      narrative: `Narrative 1 ${run}`,
      place_address: `Ward 1 ${run}`,
      place_lat: 43.101,
      witnesses: 'Witness 1',
    });
    const [names] = await query(
      `SELECT array_agg(full_name ORDER BY full_name) AS names FROM incident_victims`,
    );
    expect(names.names).toHaveLength(12);
    expect(await query(`SELECT lat, lon, accuracy_m FROM sos`)).toEqual([
      { lat: 43.25, lon: 76.95, accuracy_m: null },
    ]);
    await db.end();

    expect(await runNode('cli/migrate.js', env, ['run'])).toMatchObject({ code: 0 });
    const again = await startTestApp({ DATABASE_URL: t.databaseUrl });
    try {
      const token = await again.login('nurse@demo.medguard.kz');
      const after = await Promise.all(
        filed.map((f) => again.http().get(`/api/v1/incidents/${f.body.id}`).set(bearer(token))),
      );
      const personal = (r: { body: Record<string, unknown> }) => ({
        place: r.body.place,
        victims: r.body.victims,
        narrative: r.body.narrative,
        witnesses: r.body.witnesses,
      });
      expect(after.map(personal)).toEqual(before.map(personal));
      const [row] = await again.db.query(`SELECT narrative FROM incidents WHERE id = $1`, [
        filed[1].body.id,
      ]);
      expect(Buffer.isBuffer(row.narrative)).toBe(true);
      expect((row.narrative as Buffer).includes(Buffer.from(run))).toBe(false);
      const sosList = await again.http().get('/api/v1/sos').set(bearer(token));
      expect(sosList.body.items[0].location).toMatchObject({ lat: 43.25, lon: 76.95 });
    } finally {
      await again.close();
    }
  }, 60000);
});
