import { bearer, startTestApp, TestApp } from './support/test-app';
import { hoursAgo, report } from './support/incidents';

describe('incident intake: classification rules as data', () => {
  let t: TestApp;
  let nurse: string;
  let police: string;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    [nurse, police, admin] = await Promise.all(
      ['nurse', 'police', 'admin'].map((u) => t.login(`${u}@demo.medguard.kz`)),
    );
  });
  afterAll(() => t.close());

  const file = (token: string, body: Record<string, unknown> = report()) =>
    t.http().post('/api/v1/incidents').set(bearer(token)).send(body);

  describe('classification rules as data', () => {
    it('classifies by the rule set in force at occurredAt, and a new version leaves earlier incidents as they were', async () => {
      const before = await file(
        nurse,
        report({ kind: 'threat_with_weapon', occurredAt: hoursAgo(72) }),
      );
      expect(before.body.classification).toMatchObject({ category: 'threat', ruleSetVersion: 1 });

      const current = (
        await t.http().get('/api/v1/classification/rule-sets/current').set(bearer(admin))
      ).body;
      const v2 = {
        effectiveFrom: hoursAgo(48),
        description: 'Amendment: armed threats punished separately',
        categories: [
          ...current.categories,
          {
            code: 'armed_threat',
            severity: 5,
            maxPenalty: { kind: 'imprisonment', years: 3 },
            ackDeadlineMinutes: 5,
            personalDataRetentionYears: 11,
          },
        ],
        medicalWorkerRoles: current.medicalWorkerRoles,
        rules: [
          ...current.rules,
          {
            category: 'armed_threat',
            when: [
              { fact: 'weaponInvolved', op: 'eq', value: true },
              { fact: 'physicalViolence', op: 'eq', value: false },
            ],
          },
        ],
        fallbackCategory: 'threat',
      };
      const created = await t
        .http()
        .post('/api/v1/classification/rule-sets')
        .set(bearer(admin))
        .send(v2);
      expect(created.status).toBe(201);
      expect(created.body.version).toBe(2);

      const after = await file(
        nurse,
        report({ kind: 'threat_with_weapon', occurredAt: hoursAgo(24) }),
      );
      expect(after.body.classification).toMatchObject({
        category: 'armed_threat',
        ruleSetVersion: 2,
        maxPenalty: { years: 3 },
      });
      const older = await file(
        nurse,
        report({ kind: 'threat_with_weapon', occurredAt: hoursAgo(60) }),
      );
      expect(older.body.classification).toMatchObject({ category: 'threat', ruleSetVersion: 1 });
      const unchanged = await t
        .http()
        .get(`/api/v1/incidents/${before.body.id}`)
        .set(bearer(nurse));
      expect(unchanged.body.classification).toMatchObject({
        category: 'threat',
        ruleSetVersion: 1,
      });

      const list = await t.http().get('/api/v1/classification/rule-sets').set(bearer(nurse));
      expect(list.body.items.map((r: { version: number }) => r.version)).toEqual([1, 2]);
    });

    it('refuses a rule set whose rules name unknown categories, and lets only admins add one', async () => {
      const bad = await t
        .http()
        .post('/api/v1/classification/rule-sets')
        .set(bearer(admin))
        .send({
          effectiveFrom: '2027-01-01T00:00:00+05:00',
          categories: [
            {
              code: 'threat',
              severity: 1,
              maxPenalty: { kind: 'fine' },
              ackDeadlineMinutes: 10,
              personalDataRetentionYears: 6,
            },
          ],
          medicalWorkerRoles: ['doctor'],
          rules: [
            { category: 'assault', when: [{ fact: 'physicalViolence', op: 'eq', value: true }] },
          ],
          fallbackCategory: 'threat',
        });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([
        { field: 'rules[0].category', message: 'is not one of the categories', code: 'invalid' },
      ]);
      expect(
        (await t.http().post('/api/v1/classification/rule-sets').set(bearer(police)).send({}))
          .status,
      ).toBe(403);
    });
  });
});
