import { rawBody } from './support/raw-body';
import { HOSPITAL, incidentWriter, parseCsv } from './support/statistics';
import { startTestApp, TestApp } from './support/test-app';

describe('open data', () => {
  let t: TestApp;
  let incident: ReturnType<typeof incidentWriter>;

  beforeAll(async () => {
    t = await startTestApp();
    incident = incidentWriter(t);
  });
  afterAll(() => t.close());

  it('publishes open data without sign-in, counts from 1 to 4 shown as <5', async () => {
    const at = (day: number) => `2025-12-${String(day).padStart(2, '0')}T10:00:00+05:00`;
    for (let i = 0; i < 5; i++)
      await incident({ facility: HOSPITAL, at: at(i + 1), category: 'assault' });
    for (let i = 0; i < 2; i++)
      await incident({ facility: HOSPITAL, at: at(i + 10), category: 'threat' });
    const res = await t
      .http()
      .get('/api/v1/stats/open-data.csv?month=2025-12&lang=en')
      .buffer(true)
      .parse(rawBody);
    expect(res.status).toBe(200);
    const rows = parseCsv(res.body as Buffer);
    expect(rows[0]).toEqual([
      'Month',
      'Region code',
      'Region',
      'Category code',
      'Category',
      'Incidents',
    ]);
    const cell = (region: string, category: string) =>
      rows.find((r) => r[1] === region && r[3] === category)?.[5];
    expect(cell('KZ-75', 'assault')).toBe('5');
    expect(cell('KZ-75', 'threat')).toBe('<5');
    expect(cell('KZ-75', 'assault_multiple')).toBe('0');
    expect(cell('KZ-71', 'assault')).toBe('0');
    expect(rows).toHaveLength(1 + 20 * 4);
    expect(rows.some((r) => ['1', '2', '3', '4'].includes(r[5]))).toBe(false);
  });
});
