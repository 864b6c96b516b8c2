import { INestApplicationContext } from '@nestjs/common';
import { startAlertStack } from './support/alert-stack';
import { bearer, TestApp } from './support/test-app';

describe('retention of personal data', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let close: () => Promise<void>;
  let admin: string;

  beforeAll(async () => {
    ({ api: t, worker, close } = await startAlertStack());
    [admin] = await t.loginAll('admin');
  });
  afterAll(() => close());

  describe('periods in the rule set', () => {
    it('shows for every category how long personal data of a closed case is kept', async () => {
      const nurse = await t.login('nurse@demo.medguard.kz');
      const current = await t
        .http()
        .get('/api/v1/classification/rule-sets/current')
        .set(bearer(nurse));
      expect(current.status).toBe(200);
      expect(
        current.body.categories.map((c: { code: string; personalDataRetentionYears: number }) => [
          c.code,
          c.personalDataRetentionYears,
        ]),
      ).toEqual([
        ['threat', 6],
        ['assault', 16],
        ['assault_emergency', 16],
        ['assault_multiple', 21],
      ]);
      const list = await t.http().get('/api/v1/classification/rule-sets').set(bearer(nurse));
      expect(list.body.items[0].categories[3].personalDataRetentionYears).toBe(21);
    });

    it('refuses a new rule set whose category has no period or an impossible one, naming the field', async () => {
      const current = (
        await t.http().get('/api/v1/classification/rule-sets/current').set(bearer(admin))
      ).body;
      const withCategory2 = (change: Record<string, unknown>) => ({
        effectiveFrom: '2098-01-01T00:00:00+05:00',
        categories: current.categories.map((c: Record<string, unknown>, i: number) => {
          if (i !== 2) return c;
          const { personalDataRetentionYears: _omitted, ...rest } = c;
          return { ...rest, ...change };
        }),
        medicalWorkerRoles: current.medicalWorkerRoles,
        rules: current.rules,
        fallbackCategory: current.fallbackCategory,
      });
      const [before] = await t.db.query(`SELECT count(*)::int AS n FROM classification_rule_sets`);
      const answers = await Promise.all(
        [{}, { personalDataRetentionYears: 0 }, { personalDataRetentionYears: 2.5 }].map((change) =>
          t
            .http()
            .post('/api/v1/classification/rule-sets')
            .set(bearer(admin))
            .send(withCategory2(change)),
        ),
      );
      for (const res of answers) {
        expect(res.status).toBe(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([
          'categories[2].personalDataRetentionYears',
        ]);
      }
      const [after] = await t.db.query(`SELECT count(*)::int AS n FROM classification_rule_sets`);
      expect(after.n).toBe(before.n);
    });
  });
});
