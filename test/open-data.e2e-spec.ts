import { Month } from '../src/statistics/months';
import { rawBody } from './support/raw-body';
import { HOSPITAL, incidentWriter, parseCsv } from './support/statistics';
import { startTestApp, TestApp } from './support/test-app';
import { shiftClock } from './support/test-clock';

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

  it('publishes closed months only: the running Almaty month or a later one is 400 naming month', async () => {
    const openData = (month: string) =>
      t.http().get(`/api/v1/stats/open-data.csv?month=${month}`).buffer(true).parse(rawBody);
    const refused = async (month: string) => {
      const res = await openData(month);
      const json = /json/.test(res.headers['content-type']) ? JSON.parse(String(res.body)) : {};
      return [month, res.status, json.details?.[0]?.field];
    };
    const running = Month.of(new Date());
    expect(await refused(running.toString())).toEqual([running.toString(), 400, 'month']);
    expect(await refused(running.plus(1).toString())).toEqual([
      running.plus(1).toString(),
      400,
      'month',
    ]);
    expect((await openData(running.plus(-1).toString())).status).toBe(200);

    // At 23:59 on 31 January in Almaty, January is still running.
    let restore = shiftClock([t.app], Date.parse('2027-01-31T23:59:00+05:00') - Date.now());
    try {
      expect(await refused('2027-01')).toEqual(['2027-01', 400, 'month']);
      expect((await openData('2026-12')).status).toBe(200);
    } finally {
      restore();
    }
    // At 00:01 on 1 February in Almaty (still 31 January in UTC), January is closed.
    restore = shiftClock([t.app], Date.parse('2027-02-01T00:01:00+05:00') - Date.now());
    try {
      expect((await openData('2027-01')).status).toBe(200);
      expect(await refused('2027-02')).toEqual(['2027-02', 400, 'month']);
    } finally {
      restore();
    }
  });
});
