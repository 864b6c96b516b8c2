import { Month } from '../src/statistics/months';
import { rawBody } from './support/raw-body';
import { DEMO_IDS } from '../seeds/demo';
import {
  HOSPITAL,
  IncidentWriter,
  parseCsv,
  POLYCLINIC,
  startStatisticsApp,
} from './support/statistics';
import { byBounds, byCombination, bySubtraction, Published } from './support/table-attacks';
import { TestApp } from './support/test-app';
import { shiftClock } from './support/test-clock';

describe('open data', () => {
  let t: TestApp;
  let incident: IncidentWriter;

  beforeAll(async () => {
    ({ t, incident } = await startStatisticsApp());
  });
  afterAll(() => t.close());

  it('publishes open data without sign-in: region × category with totals, counts from 1 to 4 shown as <5', async () => {
    const at = (day: number) => `2025-12-${String(day).padStart(2, '0')}T10:00:00+05:00`;
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) =>
        incident({ facility: HOSPITAL, at: at(i + 1), category: 'assault' }),
      ),
      ...Array.from({ length: 2 }, (_, i) =>
        incident({ facility: HOSPITAL, at: at(i + 10), category: 'threat' }),
      ),
    ]);
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
      'Note',
    ]);
    const row = (region: string, category: string) =>
      rows.find((r) => r[1] === region && r[3] === category);
    const cell = (region: string, category: string) => row(region, category)?.[5];
    expect(cell('KZ-75', 'threat')).toBe('<5');
    expect(row('KZ-75', 'threat')?.[6]).toMatch(/1 to 4/);
    // Almaty's total (7) is published, so a second Almaty cell is withheld: otherwise 7 − 5
    // would give the threats away.
    expect(cell('KZ-75', 'total')).toBe('7');
    expect(cell('KZ-75', 'assault')).toBe('x');
    expect(row('KZ-75', 'assault')?.[6]).toMatch(/worked out/);
    expect(cell('KZ-75', 'assault_multiple')).toBe('0');
    expect(cell('KZ-71', 'assault')).toBe('0');
    expect(row('total', 'total')?.slice(2, 6)).toEqual(['Total', 'total', 'Total', '7']);
    // 20 regions and the total, each with 4 categories and the total.
    expect(rows).toHaveLength(1 + 21 * 5);
    expect(rows.some((r) => ['1', '2', '3', '4'].includes(r[5]))).toBe(false);
  });

  it('withholds enough further cells that no suppressed count can be recovered by subtracting from a published total', async () => {
    const month = '2025-11';
    const counts: Array<[string, string, string, number]> = [
      [HOSPITAL, 'KZ-75', 'assault', 7],
      [HOSPITAL, 'KZ-75', 'threat', 2],
      [POLYCLINIC, 'KZ-71', 'threat', 6],
      [POLYCLINIC, 'KZ-71', 'assault', 9],
      [DEMO_IDS.karagandaHospital, 'KZ-35', 'assault', 3],
    ];
    await Promise.all(
      counts.flatMap(([facility, , category, n]) =>
        Array.from({ length: n }, (_, i) =>
          incident({
            facility,
            category,
            at: `${month}-${String(1 + i).padStart(2, '0')}T${i % 2 ? '23:40' : '00:20'}:00+05:00`,
          }),
        ),
      ),
    );
    const res = await t
      .http()
      .get(`/api/v1/stats/open-data.csv?month=${month}&lang=ru`)
      .buffer(true)
      .parse(rawBody);
    expect(res.status).toBe(200);
    const rows = parseCsv(res.body as Buffer).slice(1);
    const published = new Map(rows.map((r) => [`${r[1]}/${r[3]}`, r[5]]));
    const truth = (region: string, category: string) =>
      counts
        .filter(
          ([, r, c]) =>
            (region === 'total' || r === region) && (category === 'total' || c === category),
        )
        .reduce((sum, [, , , n]) => sum + n, 0);
    const regions = [...new Set(rows.map((r) => r[1]))];
    const categories = [...new Set(rows.map((r) => r[3]))];
    expect(regions.at(-1)).toBe('total');
    expect(categories.at(-1)).toBe('total');
    expect(published.get('total/total')).toBe('27');

    // Every published number is the true count; every count from 1 to 4, totals included, is <5.
    for (const region of regions)
      for (const category of categories) {
        const shown = published.get(`${region}/${category}`);
        const n = truth(region, category);
        const expected = n >= 1 && n <= 4 ? '<5' : shown === 'x' ? 'x' : String(n);
        expect([region, category, shown]).toEqual([region, category, expected]);
      }

    // The attacker, with the table as a grid (regions × categories, the totals last): in every
    // row and column, the total minus the published cells (or the cells added up when the total
    // is withheld); then every combination of rows and columns; then what the bounds of `<5`
    // (1 to 4) and `x` (0, or 5 and more) leave of each row and column.
    const grid = regions.map((r) =>
      categories.map((c): Published => {
        const v = published.get(`${r}/${c}`)!;
        return v === '<5' || v === 'x' ? v : Number(v);
      }),
    );
    expect(bySubtraction(grid)).toEqual([]);
    expect(byCombination(grid)).toEqual([]);
    expect(byBounds(grid)).toEqual([]);
    expect([...published.values()].filter((v) => v === 'x').length).toBeGreaterThan(0);
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
