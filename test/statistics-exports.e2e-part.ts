import { ValueType, Workbook } from 'exceljs';
import { randomUUID } from 'node:crypto';
import { DEMO_IDS } from '../seeds/demo';
import { regionId } from '../seeds/reference';
import { rawBody } from './support/raw-body';
import {
  ALMATY,
  ASTANA,
  HOSPITAL,
  IncidentWriter,
  parseCsv,
  POLYCLINIC,
  startStatisticsApp,
} from './support/statistics';
import { bearer, TestApp } from './support/test-app';

const KARAGANDA = regionId('KZ-35');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Texts a spreadsheet would run as a formula if a cell began with them. */
const FORMULAS = ['=HYPERLINK("http://evil.test","x")', '+1+cmd|calc', '@SUM(1)', '-2+3'];

describe('statistics exports: coverage, response times, the map figures', () => {
  let t: TestApp;
  let ministry: string;
  let incident: IncidentWriter;
  const hostile: string[] = [];

  const get = (path: string, token = ministry) =>
    t.http().get(path).set(bearer(token)).buffer(true).parse(rawBody);

  async function sheetRows(body: Buffer): Promise<{ values: unknown[][]; types: ValueType[] }> {
    const workbook = new Workbook();
    await workbook.xlsx.load(body as never);
    const sheet = workbook.worksheets[0];
    const values: unknown[][] = [];
    const types: ValueType[] = [];
    sheet.eachRow((row) => {
      values.push(
        Array.from({ length: sheet.columnCount }, (_, i) => row.getCell(i + 1).value ?? null),
      );
      row.eachCell((cell) => types.push(cell.type));
    });
    return { values, types };
  }

  beforeAll(async () => {
    ({ t, incident } = await startStatisticsApp());
    ministry = await t.login('ministry@demo.medguard.kz');
    // Facilities whose names an operator typed as formulas, none covered by a post.
    for (const name of FORMULAS) {
      const id = randomUUID();
      hostile.push(id);
      await t.db.query(
        `INSERT INTO facilities (id, region_id, type, name, address, lat, lon, staff_count)
         VALUES ($1, $2, 'polyclinic', $3, 'Astana', 51.2, 71.5, 10)`,
        [id, ASTANA, name],
      );
      await incident({ facility: id, at: '2026-03-10T10:00:00+05:00', category: 'threat' });
    }
    await incident({ facility: POLYCLINIC, at: '2026-03-05T09:00:00+05:00', category: 'assault' });
    await incident({ facility: HOSPITAL, at: '2026-03-06T09:00:00+05:00', category: 'assault' });
    await incident({ facility: HOSPITAL, at: '2026-02-06T09:00:00+05:00', category: 'threat' });
    await incident({
      facility: DEMO_IDS.karagandaHospital,
      at: '2026-03-07T09:00:00+05:00',
      category: 'threat',
    });
    // March's alerts as the worker's rollup holds them: Almaty and Karaganda.
    await t.db.query(
      `INSERT INTO stats_alerts_monthly (month, facility_id, alerts, acknowledged_in_time,
         acknowledged_late, never_acknowledged, escalated)
       VALUES ('2026-03-01', $1, 5, 3, 1, 1, 2), ('2026-03-01', $2, 2, 1, 0, 1, 1)`,
      [HOSPITAL, DEMO_IDS.karagandaHospital],
    );
  });
  afterAll(() => t.close());

  describe('formulas in names', () => {
    it('never starts a CSV cell with a formula character, and keeps XLSX cells as text', async () => {
      const csv = await get('/api/v1/stats/monthly.csv?month=2026-03&groupBy=facility&lang=en');
      expect(csv.status).toBe(200);
      const rows = parseCsv(csv.body as Buffer);
      for (const [i, name] of FORMULAS.entries()) {
        const row = rows.find((r) => r[0] === hostile[i]);
        expect(row?.[1]).toBe(`'${name}`);
      }
      for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

      const xlsx = await get('/api/v1/stats/monthly.xlsx?month=2026-03&groupBy=facility&lang=en');
      const { values, types } = await sheetRows(xlsx.body as Buffer);
      expect(types).not.toContain(ValueType.Formula);
      expect(values.map((r) => r[1])).toEqual(expect.arrayContaining(FORMULAS));
    });
  });

  describe('coverage', () => {
    it('offers the coverage table as CSV and XLSX with the JSON’s rows and a total', async () => {
      const query = 'from=2026-01&to=2026-03&lang=en';
      const fields = [
        'facilities',
        'covered',
        'uncovered',
        'incidents',
        'incidentsAtUncovered',
      ] as const;
      const coverage = async (lang: string) => {
        const json = (
          await t
            .http()
            .get(`/api/v1/stats/coverage?from=2026-01&to=2026-03&lang=${lang}`)
            .set(bearer(ministry))
        ).body as { rows: Array<Record<string, string | number>> };
        const total = lang === 'en' ? 'Total' : 'Итого';
        return {
          json,
          rows: [
            ...json.rows.map((r) => [r.regionLabel, r.typeLabel, ...fields.map((f) => r[f])]),
            [total, '', ...fields.map((f) => json.rows.reduce((s, r) => s + Number(r[f]), 0))],
          ],
        };
      };
      const { json, rows: expected } = await coverage('en');
      const astana = json.rows.find(
        (r) => r.regionId === ASTANA && r.facilityType === 'polyclinic',
      );
      expect(astana).toMatchObject({ uncovered: 5, incidentsAtUncovered: 5 });

      // Many analysts at once: every answer is the whole file.
      const csvs = await Promise.all(
        Array.from({ length: 12 }, () => get(`/api/v1/stats/coverage.csv?${query}`)),
      );
      for (const csv of csvs) {
        expect(csv.status).toBe(200);
        expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
        expect(csv.headers['content-disposition']).toMatch(
          /attachment; filename="medguard-coverage-2026-01-2026-03\.csv"/,
        );
        const rows = parseCsv(csv.body as Buffer);
        expect(rows[0]).toEqual([
          'Region',
          'Facility type',
          'Facilities',
          'With a police post',
          'Without a police post',
          'Incidents',
          'Incidents where there is no post',
        ]);
        expect(rows.slice(1).map((r) => [r[0], r[1], ...r.slice(2).map((n) => Number(n))])).toEqual(
          expected,
        );
      }

      const xlsx = await get('/api/v1/stats/coverage.xlsx?from=2026-01&to=2026-03&lang=ru');
      expect(xlsx.status).toBe(200);
      expect(xlsx.headers['content-type']).toBe(XLSX);
      const { values } = await sheetRows(xlsx.body as Buffer);
      expect(values[0][0]).toBe('Регион');
      const ru = (await coverage('ru')).rows.map((r) =>
        r[1] === '' ? [r[0], null, ...r.slice(2)] : r,
      );
      expect(values.slice(1)).toEqual(ru);
    });

    it('refuses the same bad queries as the JSON, naming the field', async () => {
      for (const ext of ['csv', 'xlsx']) {
        const bad = await get(`/api/v1/stats/coverage.${ext}?from=2026-04&to=2026-03`);
        expect(bad.status).toBe(400);
        expect(JSON.parse(bad.body.toString()).details[0].field).toBe('to');
        const long = await get(`/api/v1/stats/coverage.${ext}?from=2000-01&to=2026-03`);
        expect(long.status).toBe(400);
        expect(JSON.parse(long.body.toString()).details[0].field).toBe('from');
        const month = await get(`/api/v1/stats/coverage.${ext}?to=2026-13`);
        expect(month.status).toBe(400);
        expect(JSON.parse(month.body.toString()).details[0].field).toBe('to');
      }
    });
  });

  describe('response times', () => {
    it('offers the alerts by region as CSV and XLSX: the JSON’s figures, minutes as on the page, and the total', async () => {
      const json = (
        await t
          .http()
          .get('/api/v1/stats/response-times?month=2026-03&lang=en')
          .set(bearer(ministry))
      ).body as {
        overall: Record<string, number | null>;
        rows: Array<Record<string, string | number | null>>;
      };
      const minutes = (s: unknown) => (s === null ? null : Math.round((Number(s) / 60) * 10) / 10);
      const figures = (r: Record<string, unknown>) => [
        r.alerts,
        r.acknowledgedInTime,
        r.acknowledgedLate,
        r.neverAcknowledged,
        r.escalated,
        r.acknowledgedIncidents,
        minutes(r.median),
        minutes(r.p90),
      ];
      const expected = [
        ...json.rows.map((r) => [r.key, r.label, ...figures(r)]),
        ['total', 'Total', ...figures(json.overall)],
      ];
      expect(json.rows.find((r) => r.key === KARAGANDA)).toMatchObject({ alerts: 2, escalated: 1 });

      const csv = await get('/api/v1/stats/response-times.csv?month=2026-03&lang=en');
      expect(csv.status).toBe(200);
      expect(csv.headers['content-disposition']).toMatch(
        /filename="medguard-response-times-2026-03\.csv"/,
      );
      const rows = parseCsv(csv.body as Buffer);
      expect(rows[0]).toEqual([
        'Code',
        'Region',
        'Alerts',
        'Acknowledged in time',
        'Acknowledged late',
        'Never acknowledged',
        'Escalated',
        'Acknowledged incidents',
        'Median, minutes',
        '90th percentile, minutes',
      ]);
      expect(
        rows
          .slice(1)
          .map((r) => [r[0], r[1], ...r.slice(2).map((n) => (n === '' ? null : Number(n)))]),
      ).toEqual(expected);

      const xlsx = await get('/api/v1/stats/response-times.xlsx?month=2026-03&lang=kk');
      expect(xlsx.status).toBe(200);
      const { values } = await sheetRows(xlsx.body as Buffer);
      const byKey = (rows: unknown[][]) =>
        Object.fromEntries(rows.map((r) => [r[0], [r[0], ...r.slice(2)]]));
      expect(byKey(values.slice(1))).toEqual(byKey(expected));
    });

    it('refuses a month that is not YYYY-MM, and other roles', async () => {
      const bad = await get('/api/v1/stats/response-times.csv?month=2026-3');
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.body.toString()).details[0].field).toBe('month');
      const [staff, police, safety] = await t.loginAll('nurse', 'police', 'safety');
      for (const token of [staff, police, safety])
        for (const path of [
          '/api/v1/stats/response-times.xlsx?month=2026-03',
          '/api/v1/stats/coverage.csv',
          '/api/v1/stats/map?month=2026-03',
        ])
          expect((await get(path, token)).status).toBe(403);
      expect((await t.http().get('/api/v1/stats/coverage.xlsx')).status).toBe(401);
    });
  });

  describe('the map figures', () => {
    it('gives every region its incidents of the month and every facility as a point, covered or not', async () => {
      const res = await t
        .http()
        .get('/api/v1/stats/map?month=2026-03&lang=en')
        .set(bearer(ministry));
      expect(res.status).toBe(200);
      const regions = res.body.regions as Array<{
        code: string;
        regionId: string;
        incidents: number;
      }>;
      expect(regions).toHaveLength(20);
      expect(regions.find((r) => r.regionId === ASTANA)).toMatchObject({
        code: 'KZ-71',
        incidents: 5,
      });
      expect(regions.find((r) => r.regionId === ALMATY)?.incidents).toBe(1);
      expect(regions.find((r) => r.regionId === KARAGANDA)?.incidents).toBe(1);
      const points = res.body.facilities as Array<{
        id: string;
        covered: boolean;
        incidents: number;
      }>;
      expect(points.find((f) => f.id === POLYCLINIC)).toMatchObject({
        covered: false,
        incidents: 1,
      });
      expect(points.find((f) => f.id === HOSPITAL)).toMatchObject({ covered: true, incidents: 1 });
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM facilities`);
      expect(points).toHaveLength(n);
      expect(JSON.stringify(res.body)).not.toMatch(/address|narrative|reporter/i);
    });
  });
});
