import { Workbook } from 'exceljs';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserContext, Page } from 'playwright-core';
import { DEMO_IDS } from '../seeds/demo';
import { Month } from '../src/statistics/months';
import { expectNoSeriousViolations } from './support/axe';
import { ARTIFACTS } from './support/browser';
import {
  addAstanaPolyclinic,
  ALMATY,
  ASTANA,
  HOSPITAL,
  incidentWriter,
  parseCsv,
  POLYCLINIC,
} from './support/statistics';
import { bearer } from './support/test-app';
import { shiftClock } from './support/test-clock';
import {
  Lang,
  pageSession,
  recordCspViolations,
  signedInContext,
  webTestPerFile,
} from './support/web-test';

const KARAGANDA_HOSPITAL = DEMO_IDS.karagandaHospital;
const DOCS = join(__dirname, '..', 'docs', 'screenshots');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the ministry dashboard', () => {
  const web = webTestPerFile();
  // The last complete month, the one before it, and the same month a year before.
  const month = Month.of(new Date()).plus(-1);
  const previous = month.plus(-1);
  const lastYear = month.plus(-12);
  let ministry: string;
  /** Two of the month's incidents, whose victims get support recorded. */
  let supported: string[] = [];

  const api = async (path: string): Promise<Json> => {
    const res = await web.t.http().get(path).set(bearer(ministry));
    expect(res.status).toBe(200);
    return res.body as Json;
  };

  // One signed-in English browser for the tests that only read the page; each opens it afresh.
  let shared: { context: BrowserContext; page: Page } | undefined;
  afterAll(() => shared?.context.close());

  const open = async (lang: Lang = 'en', width = 1280) => {
    let signed: { context: BrowserContext; page: Page; close: () => Promise<void> };
    if (lang === 'en' && width === 1280) {
      shared ??= await signedInContext(web.browser, web.base, 'ministry@demo.medguard.kz');
      await shared.page.goto(`${web.base}/ministry`);
      signed = { ...shared, close: async () => undefined };
    } else {
      const own = await signedInContext(
        web.browser,
        web.base,
        'ministry@demo.medguard.kz',
        lang,
        width,
      );
      signed = { ...own, close: () => own.context.close() };
    }
    await signed.page.locator('#table tbody tr').first().waitFor();
    await signed.page.locator('#coverage-table tbody tr').first().waitFor();
    return signed;
  };

  const rowCells = (page: Page, table: string, key: string) =>
    page.locator(`#${table} tr[data-key="${key}"] td`).allTextContents();

  const percent = (count: number, base: number) =>
    base === 0
      ? '—'
      : new Intl.NumberFormat('en-GB', {
          style: 'percent',
          signDisplay: 'exceptZero',
          maximumFractionDigits: 1,
        }).format((count - base) / base);

  beforeAll(async () => {
    const t = web.t;
    ministry = await t.login('ministry@demo.medguard.kz');
    await addAstanaPolyclinic(t);
    const incident = incidentWriter(t);
    const at = (m: Month, day: number) =>
      `${m.toString()}-${String(day).padStart(2, '0')}T12:00:00+05:00`;
    const file = async (facility: string, m: Month, n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++)
        ids.push(await incident({ facility, at: at(m, 10 + i), category: 'assault' }));
      return ids;
    };
    const [almaty] = await file(HOSPITAL, month, 3);
    await file(HOSPITAL, previous, 2);
    await file(POLYCLINIC, month, 1);
    await file(POLYCLINIC, lastYear, 1);
    const [karaganda] = await file(KARAGANDA_HOSPITAL, month, 1);
    supported = [almaty, karaganda];
    await file(KARAGANDA_HOSPITAL, previous, 2);
    // The month's police alerts and acknowledgements, as the worker's rollups hold them.
    await t.db.query(
      `INSERT INTO stats_alerts_monthly (month, facility_id, alerts, acknowledged_in_time,
         acknowledged_late, never_acknowledged, escalated)
       VALUES ($1, $2, 5, 3, 1, 1, 2), ($1, $3, 2, 1, 0, 1, 1)`,
      [month.firstDay, HOSPITAL, KARAGANDA_HOSPITAL],
    );
    await t.db.query(
      `INSERT INTO stats_acknowledgements (incident_id, month, facility_id, seconds)
       VALUES ($1, $2, $3, 150), ($4, $2, $5, 630)`,
      [almaty, month.firstDay, HOSPITAL, karaganda, KARAGANDA_HOSPITAL],
    );
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

  it('draws every region with its count and the facilities with and without a post, from the bundled shapes when no tile source is set', async () => {
    const figures = await api(`/api/v1/stats/map?month=${month}&lang=en`);
    const { close, page } = await open();
    const refused = recordCspViolations(page);
    const elsewhere: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(web.base)) elsewhere.push(r.url());
    });
    await page.focus('#map-show');
    await page.keyboard.press('Enter');
    await page.locator('#map path[data-region]').first().waitFor();
    await expect(page.getAttribute('#map-show', 'aria-expanded')).resolves.toBe('true');
    for (const region of figures.regions as Json[]) {
      const shape = page.locator(`#map path[data-region="${region.code}"]`);
      await expect(shape.count()).resolves.toBe(1);
      await expect(shape.getAttribute('data-count')).resolves.toBe(String(region.incidents));
    }
    const points = async (covered: boolean) =>
      page.locator(`#map path[data-covered="${covered}"]`).count();
    const facilities = figures.facilities as Json[];
    await expect(points(true)).resolves.toBe(facilities.filter((f) => f.covered).length);
    await expect(points(false)).resolves.toBe(facilities.filter((f) => !f.covered).length);
    await expect(page.locator('#map .leaflet-tile').count()).resolves.toBe(0);
    await expect(page.locator('#map .leaflet-control-attribution').textContent()).resolves.toMatch(
      /Region shapes © amCharts/,
    );
    // The legend names the classes the regions are coloured by.
    await expect(page.locator('#map-legend li').count()).resolves.toBeGreaterThan(1);
    expect(elsewhere).toEqual([]);
    expect(refused).toEqual([]);
    await close();
  });

  it('loads with at most 150 KB of compressed JS and CSS; the map’s library only when opened', async () => {
    // A browser that has never been here: nothing comes from its cache.
    const context = await web.browser.newContext({ viewport: { width: 360, height: 900 } });
    const { cookie } = await pageSession(web.t, 'ministry@demo.medguard.kz');
    await context.addCookies(
      cookie.split('; ').map((c) => {
        const [name, ...value] = c.split('=');
        return { name, value: value.join('='), url: web.base };
      }),
    );
    const page = await context.newPage();
    const sizes: Array<Promise<{ url: string; size: number }>> = [];
    page.on('requestfinished', (request) => {
      if (['script', 'stylesheet'].includes(request.resourceType()))
        sizes.push(
          request.sizes().then((s) => ({
            url: request.url(),
            size: s.responseBodySize + s.responseHeadersSize,
          })),
        );
    });
    await page.goto(`${web.base}/ministry`, { waitUntil: 'networkidle' });
    const first = await Promise.all(sizes);
    const total = first.reduce((a, b) => a + b.size, 0);
    expect(first.some((f) => /leaflet/.test(f.url))).toBe(false);
    expect(first.length).toBeGreaterThanOrEqual(5);
    expect(total).toBeLessThanOrEqual(150 * 1024);
    await page.click('#map-show');
    await page.locator('#map path[data-region]').first().waitFor();
    const all = await Promise.all(sizes);
    expect(all.some((f) => /leaflet\.js/.test(f.url))).toBe(true);
    process.stdout.write(
      `ministry page first load: ${(total / 1024).toFixed(1)} KB of compressed JS+CSS\n`,
    );
    await context.close();
  });

  it.each(['kk', 'ru', 'en'] as Lang[])(
    'passes the axe check in %s with the map open, fits 360 px, and is screenshotted',
    async (lang) => {
      const { close, page } = await open(lang, 360);
      await page.click('#map-show');
      await page.locator('#map path[data-region]').first().waitFor();
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
      await expectNoSeriousViolations(page, `/ministry ${lang}`);
      // No sideways scrolling of the page at phone width; wide tables scroll in their own box.
      await expect(
        page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'),
      ).resolves.toBe(true);
      // Both widths in English (the README's pictures); the other languages at phone width.
      for (const width of lang === 'en' ? [360, 1280] : [360]) {
        await page.setViewportSize({ width, height: 900 });
        await page.locator('#map').scrollIntoViewIfNeeded();
        const shot = { fullPage: true };
        await page.screenshot({ ...shot, path: join(ARTIFACTS, `ministry-${lang}-${width}.png`) });
        if (lang === 'en' && process.env.DOCS_SCREENSHOTS === '1') {
          mkdirSync(DOCS, { recursive: true });
          await page.screenshot({ ...shot, path: join(DOCS, `ministry-${width}.png`) });
        }
      }
      await close();
    },
  );
});
