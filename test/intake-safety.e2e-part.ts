import fc from 'fast-check';
import { reportsNarrating } from './support/personal-data';
import { bearer, startTestApp, TestApp } from './support/test-app';
import { CENTRAL, report } from './support/incidents';

describe('safe submission', () => {
  let t: TestApp;
  let nurse: string;
  let safety: string;
  beforeAll(async () => {
    t = await startTestApp();
    [nurse, safety] = await t.loginAll('nurse', 'safety');
  });
  afterAll(() => t.close());

  const file = (token: string, body: Record<string, unknown>, key?: string) => {
    const req = t.http().post('/api/v1/incidents').set(bearer(token));
    if (key) req.set('Idempotency-Key', key);
    return req.send(body);
  };
  const incidentsWith = (narrative: string) => reportsNarrating(t, narrative);

  describe('victims linked to an account', () => {
    const userIdOf = async (email: string) =>
      (await t.db.query(`SELECT id FROM users WHERE email = $1`, [email]))[0].id as string;

    it("takes the reporter and the facility's accounts, refuses another facility's like an unknown id", async () => {
      const [own, colleague, elsewhere] = await Promise.all(
        ['nurse', 'safety', 'paramedic'].map((u) => userIdOf(`${u}@demo.medguard.kz`)),
      );
      const naming = (userId: string, narrative: string) =>
        report({ narrative, victims: [{ role: 'nurse', injury: 'minor', userId }] });
      expect((await file(nurse, naming(own, 'victim is the reporter'))).status).toBe(201);
      expect((await file(nurse, naming(colleague, 'victim is a colleague'))).status).toBe(201);

      const other = await file(nurse, naming(elsewhere, 'victim of another facility'));
      const unknown = await file(
        nurse,
        naming('6b2f5a4e-8c1d-4e7a-9f3b-2d5c8e1a7f40', 'victim unknown'),
      );
      expect([other.status, unknown.status]).toEqual([400, 400]);
      expect(other.body.details).toEqual([
        {
          field: 'victims[0].userId',
          message: 'is not an account of this facility',
          code: 'unknown_user',
        },
      ]);
      // Nothing tells an existing account of another facility from an id that is no one's.
      expect(other.body.details).toEqual(unknown.body.details);
      expect(other.body.message).toBe(unknown.body.message);
      expect(await incidentsWith('victim of another facility')).toBe(0);
    });
  });

  describe('Idempotency-Key', () => {
    it('turns 20 concurrent submissions with one key into exactly one incident', async () => {
      const body = report({ narrative: 'concurrent submission test' });
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => file(nurse, body, 'draft-7f3a9c')),
      );
      const created = responses.filter((r) => r.status === 201);
      const busy = responses.filter((r) => r.status === 409);
      expect(created.length + busy.length).toBe(20);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
      expect(await incidentsWith('concurrent submission test')).toBe(1);

      const again = await file(nurse, body, 'draft-7f3a9c');
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body.id).toBe(created[0].body.id);
      expect(again.body.reference).toBe(created[0].body.reference);
      expect(await incidentsWith('concurrent submission test')).toBe(1);
    });

    it('answers 422 when the key comes back with a different body', async () => {
      await file(nurse, report({ narrative: 'first body' }), 'key-reuse-1');
      const res = await file(nurse, report({ narrative: 'another body' }), 'key-reuse-1');
      expect(res.status).toBe(422);
      expect(res.body.details).toEqual([
        { field: 'Idempotency-Key', message: 'was used with a different body', code: 'invalid' },
      ]);
      expect(await incidentsWith('another body')).toBe(0);
    });

    it('scopes keys per user: the same key from another user files their own incident', async () => {
      const body = report({ narrative: 'shared key test' });
      const a = await file(nurse, body, 'shared-key-1');
      const b = await file(safety, body, 'shared-key-1');
      expect(a.status).toBe(201);
      expect(b.status).toBe(201);
      expect(b.body.id).not.toBe(a.body.id);
      expect(b.headers['idempotent-replayed']).toBeUndefined();
    });

    it('frees the key when the request failed, so the corrected report can be sent', async () => {
      const bad = await file(nurse, report({ victims: [] }), 'retry-after-fix');
      expect(bad.status).toBe(400);
      const good = await file(nurse, report({ narrative: 'fixed and resent' }), 'retry-after-fix');
      expect(good.status).toBe(201);
    });

    it('expires keys after 24 hours', async () => {
      const body = report({ narrative: 'expiry test' });
      await file(nurse, body, 'expiring-key');
      await t.db.query(
        `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'expiring-key'`,
      );
      const later = await file(nurse, body, 'expiring-key');
      expect(later.status).toBe(201);
      expect(later.headers['idempotent-replayed']).toBeUndefined();
      expect(await incidentsWith('expiry test')).toBe(2);
    });

    it('rejects a malformed key with 400', async () => {
      const res = await file(nurse, report(), 'x'.repeat(300));
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe('Idempotency-Key');
    });
  });

  it('gives concurrent reports distinct references', async () => {
    const responses = await Promise.all(
      Array.from({ length: 25 }, (_, i) => file(nurse, report({ narrative: `parallel ${i}` }))),
    );
    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(new Set(responses.map((r) => r.body.reference)).size).toBe(25);
  });

  it('leaves no trace when the transaction fails midway', async () => {
    const counts = async () =>
      (
        await t.db
          .query(`SELECT (SELECT count(*) FROM incidents) AS i, (SELECT count(*) FROM incident_history) AS h,
        (SELECT count(*) FROM alerts) AS a, (SELECT count(*) FROM incident_victims) AS v,
        (SELECT count(*) FROM audit_log WHERE action = 'incident.created') AS l`)
      )[0];
    const before = await counts();
    await t.db.query(
      `ALTER TABLE incident_victims ADD CONSTRAINT test_refuse_orderly CHECK (role <> 'orderly')`,
    );
    try {
      const res = await file(
        nurse,
        report({
          victims: [
            { role: 'nurse', injury: 'none' },
            { role: 'orderly', injury: 'minor' },
          ],
        }),
        'will-fail-midway',
      );
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'Something went wrong on our side',
        details: [],
        requestId: expect.any(String),
      });
    } finally {
      await t.db.query(`ALTER TABLE incident_victims DROP CONSTRAINT test_refuse_orderly`);
    }
    expect(await counts()).toEqual(before);
    expect(
      await t.db.query(`SELECT * FROM idempotency_keys WHERE key = 'will-fail-midway'`),
    ).toEqual([]);
  });

  it('answers 200 randomly malformed bodies with a 4xx, never a 500', async () => {
    const valid = report();
    const junk = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.string({ maxLength: 30 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
      fc.constant('00000000-0000-4000-8000-000000000000'),
      fc.constant('2026-02-30T25:61:00+05:00'),
      fc.constant('x'.repeat(20000)),
    );
    const victim = fc.record(
      {
        role: fc.oneof(junk, fc.constantFrom('doctor', 'nurse')),
        injury: fc.oneof(junk, fc.constant('none')),
      },
      { requiredKeys: [] },
    );
    const body = fc
      .record(
        {
          occurredAt: fc.oneof(junk, fc.constant(valid.occurredAt)),
          facilityId: fc.oneof(junk, fc.constant(CENTRAL)),
          unitId: junk,
          place: fc.oneof(
            junk,
            fc.record(
              { kind: fc.oneof(junk, fc.constant('ward')), lat: junk, lon: junk },
              { requiredKeys: [] },
            ),
          ),
          kind: fc.oneof(junk, fc.constant('physical_assault')),
          duringStateOfEmergency: junk,
          victims: fc.oneof(junk, fc.array(victim, { maxLength: 4 })),
          perpetrators: fc.oneof(
            junk,
            fc.record({ type: junk, count: junk }, { requiredKeys: [] }),
          ),
          narrative: fc.oneof(junk, fc.constant('ok')),
          witnesses: junk,
          extra: junk,
        },
        { requiredKeys: [] },
      )
      // At least one field must be wrong: a fully valid report is not what this property is about.
      .filter((b) => JSON.stringify(b) !== JSON.stringify(valid));
    const before = Number((await t.db.query('SELECT count(*) AS n FROM incidents'))[0].n);
    let created = 0;
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await file(nurse, b as Record<string, unknown>);
        if (res.status === 201) created++;
        return res.status < 500 && (res.status === 201 || res.status >= 400);
      }),
      { numRuns: 200, seed: 1581 },
    );
    const after = Number((await t.db.query('SELECT count(*) AS n FROM incidents'))[0].n);
    expect(after - before).toBe(created);
  });
});
