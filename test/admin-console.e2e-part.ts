import { DEMO_IDS } from '../seeds/demo';
import { CENTRAL } from './support/incidents';
import { bearer, startTestApp, TestApp } from './support/test-app';

/** What the operator's console reads beyond the directory: the rule-set preview, account counts, user filters. */
describe('the operator console’s API', () => {
  let t: TestApp;
  let admin: string;
  let safety: string;
  let police: string;
  let ministry: string;
  let nurse: string;
  let current: Record<string, unknown>;

  beforeAll(async () => {
    t = await startTestApp();
    [admin, safety, police, ministry, nurse] = await t.loginAll(
      'admin',
      'safety',
      'police',
      'ministry',
      'nurse',
    );
    const res = await t.http().get('/api/v1/classification/rule-sets/current').set(bearer(admin));
    const { categories, medicalWorkerRoles, rules, fallbackCategory } = res.body;
    current = { categories, medicalWorkerRoles, rules, fallbackCategory };
  });
  afterAll(() => t.close());

  const draft = (over: Record<string, unknown> = {}) => ({
    effectiveFrom: '2099-01-01T00:00:00+05:00',
    ...current,
    ...over,
  });
  const preview = (body: object, token = admin) =>
    t.http().post('/api/v1/classification/rule-sets/preview').set(bearer(token)).send(body);
  const ruleSetCount = async () =>
    Number((await t.db.query(`SELECT count(*) AS n FROM classification_rule_sets`))[0].n);
  const auditCount = async () =>
    Number((await t.db.query(`SELECT count(*) AS n FROM audit_log`))[0].n);

  describe('POST /classification/rule-sets/preview', () => {
    it('classifies the built-in sample reports under the draft and under the set in force, storing nothing', async () => {
      const [rules, audit] = [await ruleSetCount(), await auditCount()];
      const categories = (current.categories as Array<{ code: string; maxPenalty: object }>).map(
        (c) =>
          c.code === 'threat' ? { ...c, maxPenalty: { kind: 'restricted_freedom', years: 3 } } : c,
      );
      const res = await preview({ ruleSet: draft({ categories }) });
      expect(res.status).toBe(200);
      expect(res.body.samples.length).toBeGreaterThanOrEqual(5);
      const threat = res.body.samples.find(
        (s: { sample: { kind: string; duringStateOfEmergency: boolean } }) =>
          s.sample.kind === 'verbal_threat' && !s.sample.duringStateOfEmergency,
      );
      expect(threat.draft).toMatchObject({
        category: 'threat',
        maxPenalty: { kind: 'restricted_freedom', years: 3 },
      });
      expect(threat.current).toMatchObject({ maxPenalty: { years: 2 } });
      expect(threat.changed).toBe(true);
      expect(threat.draft.reasons.length).toBeGreaterThan(0);
      const assault = res.body.samples.find(
        (s: { sample: { kind: string } }) => s.sample.kind === 'physical_assault',
      );
      expect(assault.changed).toBe(false);
      expect(res.body.currentVersion).toBe(1);
      expect([await ruleSetCount(), await auditCount()]).toEqual([rules, audit]);
    });

    it('classifies the operator’s own samples when given', async () => {
      const res = await preview({
        ruleSet: draft(),
        samples: [
          {
            label: 'two nurses beaten',
            kind: 'physical_assault',
            victims: [
              { role: 'nurse', injury: 'moderate' },
              { role: 'nurse', injury: 'minor' },
            ],
            perpetratorCount: 1,
            duringStateOfEmergency: false,
          },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body.samples).toHaveLength(1);
      expect(res.body.samples[0].sample.label).toBe('two nurses beaten');
      expect(res.body.samples[0].draft.category).toBe('assault_multiple');
    });

    it('refuses a draft with the create endpoint’s problems, each at its field under ruleSet', async () => {
      const categories = current.categories as Array<Record<string, unknown>>;
      const duplicate = [...categories, { ...categories[0], severity: 999 }];
      const bad = draft({ categories: duplicate, fallbackCategory: 'nothing' });
      const created = await t
        .http()
        .post('/api/v1/classification/rule-sets')
        .set(bearer(admin))
        .send(bad);
      expect(created.status).toBe(400);
      const res = await preview({ ruleSet: bad });
      expect(res.status).toBe(400);
      expect(
        res.body.details.map((d: { field: string; message: string }) => [d.field, d.message]),
      ).toEqual(
        created.body.details.map((d: { field: string; message: string }) => [
          `ruleSet.${d.field}`,
          d.message,
        ]),
      );
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(
        `ruleSet.categories[${categories.length}].code`,
      );
    });

    it('names the field of a malformed draft or sample', async () => {
      const noRules = await preview({ ruleSet: draft({ rules: 'none' }) });
      expect(noRules.status).toBe(400);
      expect(noRules.body.details.map((d: { field: string }) => d.field)).toContain(
        'ruleSet.rules',
      );
      const badSample = await preview({
        ruleSet: draft(),
        samples: [
          { kind: 'insult', victims: [], perpetratorCount: 0, duringStateOfEmergency: 'no' },
        ],
      });
      expect(badSample.status).toBe(400);
      expect(badSample.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'samples[0].duringStateOfEmergency',
        'samples[0].kind',
        'samples[0].perpetratorCount',
        'samples[0].victims',
      ]);
      const missing = await preview({});
      expect(missing.status).toBe(400);
      expect(missing.body.details.map((d: { field: string }) => d.field)).toContain('ruleSet');
    });

    it('is for admins only, many at once', async () => {
      const statuses = await Promise.all(
        [admin, safety, police, ministry, nurse, admin, admin].map(
          async (token) => (await preview({ ruleSet: draft() }, token)).status,
        ),
      );
      expect(statuses).toEqual([200, 403, 403, 403, 403, 200, 200]);
      const anonymous = await t
        .http()
        .post('/api/v1/classification/rule-sets/preview')
        .send({ ruleSet: draft() });
      expect(anonymous.status).toBe(401);
    });
  });

  describe('facilities with their active accounts', () => {
    it('counts each facility’s active accounts by role, and a deactivated account no longer counts', async () => {
      const before = (await t.http().get(`/api/v1/facilities/${CENTRAL}`).set(bearer(admin))).body;
      expect(before.activeAccounts).toEqual({ staff: 1, facilityAdmin: 1 });
      const made = await Promise.all(
        [0, 1, 2].map((i) =>
          t
            .http()
            .post('/api/v1/users')
            .set(bearer(admin))
            .send({
              email: `counted-${i}@example.kz`,
              fullName: `Counted Nurse ${i}`,
              role: 'staff',
              facilityId: CENTRAL,
              password: 'Counted-nurse-pass-2026',
            }),
        ),
      );
      expect(made.map((r) => r.status)).toEqual([201, 201, 201]);
      await t.http().delete(`/api/v1/users/${made[0].body.id}`).set(bearer(admin)).expect(204);
      const list = await t
        .http()
        .get(`/api/v1/facilities?regionId=${before.regionId}&limit=200`)
        .set(bearer(admin));
      const central = list.body.items.find((f: { id: string }) => f.id === CENTRAL);
      expect(central.activeAccounts).toEqual({ staff: 3, facilityAdmin: 1 });
      const substation = list.body.items.find((f: { id: string }) => f.id === DEMO_IDS.substation1);
      expect(substation.activeAccounts).toEqual({ staff: 1, facilityAdmin: 0 });
    });
  });

  describe('finding accounts', () => {
    it('filters users by police post and by text in the name or e-mail', async () => {
      const byPost = await t
        .http()
        .get(`/api/v1/users?policePostId=${DEMO_IDS.centralPost}`)
        .set(bearer(admin));
      expect(byPost.status).toBe(200);
      expect(byPost.body.items.map((u: { email: string }) => u.email)).toEqual([
        'police@demo.medguard.kz',
      ]);
      const byText = await t.http().get('/api/v1/users?q=SAFETY').set(bearer(admin));
      expect(byText.body.items.map((u: { email: string }) => u.email)).toEqual([
        'safety@demo.medguard.kz',
      ]);
      const wildcard = await t.http().get('/api/v1/users?q=%25').set(bearer(admin));
      expect(wildcard.status).toBe(200);
      expect(wildcard.body.items).toEqual([]);
      const tooLong = await t
        .http()
        .get(`/api/v1/users?q=${'x'.repeat(201)}`)
        .set(bearer(admin));
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.details[0].field).toBe('q');
      // A facility admin's search stays inside the facility.
      const scoped = await t.http().get('/api/v1/users?q=demo.medguard').set(bearer(safety));
      expect(scoped.body.items.every((u: { facilityId: string }) => u.facilityId === CENTRAL)).toBe(
        true,
      );
    });
  });
});
