import { randomUUID } from 'node:crypto';
import { bearer, startTestApp, TestApp } from './support/test-app';

describe('who may read the statistics, and what they may ask', () => {
  let t: TestApp;
  let ministry: string;

  const monthly = (query: string, token = ministry) =>
    t.http().get(`/api/v1/stats/monthly?${query}`).set(bearer(token));

  beforeAll(async () => {
    t = await startTestApp();
    ministry = await t.login('ministry@demo.medguard.kz');
  });
  afterAll(() => t.close());

  it('lets only the ministry and admins read figures, and names bad parameters', async () => {
    for (const user of ['nurse', 'police', 'safety']) {
      const res = await monthly('month=2026-03', await t.login(`${user}@demo.medguard.kz`));
      expect([user, res.status]).toEqual([user, 403]);
    }
    expect((await monthly('month=2026-03', await t.login('admin@demo.medguard.kz'))).status).toBe(
      200,
    );
    const cases: Array<[string, string]> = [
      ['month=2026-13', 'month'],
      ['month=march', 'month'],
      ['month=2026-03&groupBy=street', 'groupBy'],
      ['month=2026-03&regionId=nope', 'regionId'],
      [`month=2026-03&regionId=${randomUUID()}`, 'regionId'],
      ['month=2026-03&lang=de', 'lang'],
    ];
    for (const [query, field] of cases) {
      const res = await monthly(query);
      expect([query, res.status, res.body.details?.[0]?.field]).toEqual([query, 400, field]);
    }
    const trend = await t
      .http()
      .get('/api/v1/stats/trend?from=2026-05&to=2026-01')
      .set(bearer(ministry));
    expect([trend.status, trend.body.details[0].field]).toEqual([400, 'to']);
    expect((await t.http().get('/api/v1/stats/open-data.csv')).status).toBe(400);
  });

  it('answers a month outside the years it can count (before 2000, after 2100) with 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['monthly?month=1999-12', 'month'],
      ['monthly?month=0000-01', 'month'],
      ['monthly.csv?month=2101-01', 'month'],
      ['trend?from=1999-01&to=2026-03', 'from'],
      ['trend?from=2026-01&to=2101-01', 'to'],
      ['response-times?month=1999-06', 'month'],
      ['coverage?from=1999-01', 'from'],
      ['coverage?to=2101-01', 'to'],
    ];
    const answers = await Promise.all(
      cases.map(([query]) => t.http().get(`/api/v1/stats/${query}`).set(bearer(ministry))),
    );
    expect(answers.map((res) => [res.status, res.body.details?.[0]?.field])).toEqual(
      cases.map(([, field]) => [400, field]),
    );
    const open = await t.http().get('/api/v1/stats/open-data.csv?month=1999-12');
    expect([open.status, open.body.details?.[0]?.field]).toEqual([400, 'month']);
  });
});
