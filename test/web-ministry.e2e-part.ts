import { Workbook } from 'exceljs';
import { readFileSync } from 'node:fs';
import { Month } from '../src/statistics/months';
import { joinEvent } from './support/event-flags';
import { dashboardOpener, fileDashboardData } from './support/ministry-dashboard';
import { ALMATY, ASTANA, parseCsv } from './support/statistics';
import { bearer } from './support/test-app';
import { shiftClock } from './support/test-clock';
import { webTestPerFile } from './support/web-test';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The dashboard's figures, tables and downloads. */
describe('the ministry dashboard', () => {
  const web = webTestPerFile();
  // The last complete month.
  const month = Month.of(new Date()).plus(-1);
  let ministry: string;
  /** Two of the month's incidents, whose victims get support recorded. */
  let supported: string[] = [];
  /** The month's three reports at the Almaty hospital. */
  let almatyReports: string[] = [];

  const api = async (path: string): Promise<Json> => {
    const res = await web.t.http().get(path).set(bearer(ministry));
    expect(res.status).toBe(200);
    return res.body as Json;
  };

  const { open, rowCells } = dashboardOpener(web);

  const percent = (count: number, base: number) =>
    base === 0
      ? '—'
      : new Intl.NumberFormat('en-GB', {
          style: 'percent',
          signDisplay: 'exceptZero',
          maximumFractionDigits: 1,
        }).format((count - base) / base);

  beforeAll(async () => {
    ministry = await web.t.login('ministry@demo.medguard.kz');
    ({ almatyReports, supported } = await fileDashboardData(web.t, month));
  });

  it('opens on the last complete month in Almaty, also in the first minutes of a month', async () => {
    const { close, page } = await open();
    await expect(page.inputValue('#month')).resolves.toBe(month.toString());
    await expect(page.locator('#total').textContent()).resolves.toBe('5');
    // 00:30 on 1 April in Almaty (still 31 March in UTC): March is the last complete month.
    const cases: Array<[string, string]> = [
      ['2027-03-31T19:30:00Z', '2027-03'],
      ['2027-03-31T12:00:00Z', '2027-02'],
      ['2027-01-01T00:00:00Z', '2026-12'],
    ];
    for (const [now, expected] of cases) {
      const restore = shiftClock([web.t.app], Date.parse(now) - Date.now());
      try {
        await page.goto(`${web.base}/ministry`);
        await page.locator('#summary #total').waitFor();
        await expect(page.inputValue('#month')).resolves.toBe(expected);
        expect(new URL(page.url()).searchParams.get('month')).toBe(expected);
      } finally {
        restore();
      }
    }
    await close();
  });

  it('shows month-over-month and year-over-year as counts and % change, a zero base as —', async () => {
    const figures = await api(`/api/v1/stats/monthly?month=${month}&groupBy=region&lang=en`);
    const { close, page } = await open();
    await expect(page.locator('#mom').textContent()).resolves.toBe(
      `${figures.previousMonth} (${percent(figures.total, figures.previousMonth)})`,
    );
    await expect(page.locator('#yoy').textContent()).resolves.toBe(
      `${figures.sameMonthLastYear} (${percent(figures.total, figures.sameMonthLastYear)})`,
    );
    for (const row of figures.rows as Json[]) {
      const cells = await rowCells(page, 'table', row.key);
      expect(cells.slice(0, 5)).toEqual([
        String(row.count),
        String(row.previousMonth),
        percent(row.count, row.previousMonth),
        String(row.sameMonthLastYear),
        percent(row.count, row.sameMonthLastYear),
      ]);
    }
    // Almaty 3 after 2 and none a year before; Karaganda 1 after 2; Astana 1 after 1 a year before.
    expect((await rowCells(page, 'table', ALMATY)).slice(2, 5)).toEqual(['+50%', '0', '—']);
    expect((await rowCells(page, 'table', ASTANA)).slice(2, 5)).toEqual(['—', '1', '0%']);
    await close();
  });

  it('shows the reports, the events they make and the distinct victims, and events per row', async () => {
    // Two of the Almaty reports are one attack on the same nurse, as her own account.
    const [first, second] = almatyReports;
    await web.t.db.query(
      `UPDATE incident_victims SET user_id = (SELECT id FROM users WHERE email = 'nurse@demo.medguard.kz')
        WHERE incident_id = ANY($1::uuid[])`,
      [[first, second]],
    );
    await joinEvent(web.t, first, second);
    const figures = await api(`/api/v1/stats/monthly?month=${month}&groupBy=region&lang=en`);
    expect(figures).toMatchObject({ total: 5, events: 4, victims: 4 });
    const { close, page } = await open();
    await expect(page.locator('#summary').textContent()).resolves.toMatch(
      /^Reports: 5 · .* · Events: 4 · Victims: 4/,
    );
    await expect(page.locator('#events-note').textContent()).resolves.toMatch(/count once/);
    await expect(page.locator('#table thead th').last().textContent()).resolves.toBe('Events');
    expect((await rowCells(page, 'table', ALMATY)).at(-1)).toBe('2');
    await close();
  });

  it('shows victims offered support and support completed as shares of the month’s victims', async () => {
    // The safety officers record support for two of the month's five victims; one is complete.
    const admin = await web.t.login('admin@demo.medguard.kz');
    const [completed, offered] = supported;
    for (const [id, state] of [
      [completed, 'completed'],
      [offered, 'offered'],
    ]) {
      const res = await web.t
        .http()
        .put(`/api/v1/incidents/${id}/support`)
        .set(bearer(admin))
        .send([{ victimIndex: 0, kind: 'medical_care', state }]);
      expect(res.status).toBe(200);
    }
    const figures = await api(`/api/v1/stats/monthly?month=${month}&groupBy=region&lang=en`);
    expect(figures.support).toEqual({ victims: 5, offered: 2, completed: 1 });
    const { close, page } = await open();
    await page.locator('#support').waitFor();
    await expect(page.locator('#support').textContent()).resolves.toBe(
      'Victims offered support: 40% (2 / 5) · Support completed: 50% (1 / 2)',
    );
    await close();
  });

  it('shows the response times and the coverage as the API gives them', async () => {
    const times = await api(`/api/v1/stats/response-times?month=${month}&lang=en`);
    const coverage = await api(
      `/api/v1/stats/coverage?from=${month.plus(-11)}&to=${month}&lang=en`,
    );
    const { close, page } = await open();
    const minutes = (s: number | null) => (s === null ? '—' : String(Math.round(s / 6) / 10));
    for (const row of [...(times.rows as Json[]).filter((r) => r.alerts > 0), times.overall]) {
      const key = row === times.overall ? 'total' : row.key;
      expect(await rowCells(page, 'alerts-table', key)).toEqual(
        [
          row.alerts,
          row.acknowledgedInTime,
          row.acknowledgedLate,
          row.neverAcknowledged,
          row.escalated,
        ]
          .map(String)
          .concat([minutes(row.median), minutes(row.p90)]),
      );
    }
    expect(times.overall.median).toBe(390);
    const shown = await page.locator('#coverage-table tbody tr').count();
    expect(shown).toBe(coverage.rows.length);
    for (const row of coverage.rows as Json[]) {
      const cells = await rowCells(page, 'coverage-table', `${row.regionId}/${row.facilityType}`);
      expect(cells).toEqual([
        row.typeLabel,
        ...[
          row.facilities,
          row.covered,
          row.uncovered,
          row.incidents,
          row.incidentsAtUncovered,
        ].map(String),
      ]);
    }
    const astana = (coverage.rows as Json[]).find(
      (r) => r.regionId === ASTANA && r.facilityType === 'polyclinic',
    );
    // The 12 months to the month shown: last year's incident is outside them.
    expect(astana).toMatchObject({ uncovered: 1, incidentsAtUncovered: 1 });
    await close();
  });

  it('downloads every table it shows with the rows it shows', async () => {
    const { close, page } = await open();
    const download = async (id: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.click(`#${id}`)]);
      return readFileSync((await file.path())!);
    };
    const sheet = async (body: Buffer) => {
      const workbook = new Workbook();
      await workbook.xlsx.load(body as never);
      const rows: unknown[][] = [];
      workbook.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
      return rows;
    };
    const bodyRows = (table: string) =>
      page.$$eval(`#${table} tbody tr, #${table} tfoot tr`, (trs) =>
        trs.map((tr) => tr.getAttribute('data-key')),
      );

    const monthly = parseCsv(await download('csv'));
    // The rows, then the total the page shows above its table, the month's events and victims,
    // then the support figures.
    const totalAt = monthly.findIndex((r) => r[0] === 'total');
    expect(monthly.slice(1, totalAt).map((r) => r[0])).toEqual(await bodyRows('table'));
    expect(monthly[totalAt][2]).toBe('5');
    expect(monthly.slice(totalAt + 1).map((r) => r[0])).toEqual([
      'events',
      'victims',
      'support.victims',
      'support.offered',
      'support.completed',
    ]);
    expect((await sheet(await download('xlsx'))).length).toBe(monthly.length);

    const times = parseCsv(await download('times-csv'));
    const shownTimes = await bodyRows('alerts-table');
    const timesByKey = new Map(times.map((r) => [r[0], r]));
    for (const key of shownTimes) {
      const cells = await rowCells(page, 'alerts-table', key!);
      expect(timesByKey.get(key!)!.slice(2, 7)).toEqual(cells.slice(0, 5));
    }
    expect((await sheet(await download('times-xlsx'))).length).toBe(times.length);

    const coverage = parseCsv(await download('coverage-csv'));
    const shownCoverage = await page.$$eval('#coverage-table tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent)),
    );
    expect(coverage.slice(1, -1)).toEqual(shownCoverage);
    expect(coverage.at(-1)!.slice(2)).toEqual(
      await page.locator('#coverage-table tfoot td').allTextContents(),
    );
    expect((await sheet(await download('coverage-xlsx'))).length).toBe(coverage.length);
    await close();
  });
});
