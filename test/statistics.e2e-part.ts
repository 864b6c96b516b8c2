import { Workbook } from 'exceljs';
import { StatisticsRollups } from '../src/statistics/rollups.service';
import { mp4 } from './support/media';
import { rawBody } from './support/raw-body';
import {
  ALMATY,
  ASTANA,
  HOSPITAL,
  IncidentWriter,
  parseCsv,
  POLYCLINIC,
  startStatisticsApp,
  SUBSTATION,
} from './support/statistics';
import { bearer, TestApp } from './support/test-app';

describe('monthly statistics', () => {
  let t: TestApp;
  let ministry: string;
  let incident: IncidentWriter;

  const monthly = (query: string, token = ministry) =>
    t.http().get(`/api/v1/stats/monthly?${query}`).set(bearer(token));

  beforeAll(async () => {
    ({ t, incident } = await startStatisticsApp());
    ministry = await t.login('ministry@demo.medguard.kz');
  });
  afterAll(() => t.close());

  describe('a small fixed data set, computed by hand', () => {
    let edge: string;
    let substationMarch: string;
    beforeAll(async () => {
      // 23:30 on the last day of March in Almaty is still March (18:30 UTC).
      edge = await incident({
        facility: HOSPITAL,
        at: '2026-03-31T23:30:00+05:00',
        category: 'threat',
        victims: ['nurse'],
      });
      // 00:10 on 1 April in Almaty is April, though it is still 31 March in UTC.
      await incident({ facility: HOSPITAL, at: '2026-04-01T00:10:00+05:00', category: 'assault' });
      // 00:05 on 1 March in Almaty is March, though it is still February in UTC.
      await incident({
        facility: HOSPITAL,
        at: '2026-03-01T00:05:00+05:00',
        category: 'assault_multiple',
        perpetrator: 'relative',
        victims: ['doctor', 'nurse'],
      });
      substationMarch = await incident({
        facility: SUBSTATION,
        at: '2026-03-15T12:00:00+05:00',
        category: 'assault',
        victims: ['paramedic'],
      });
      await incident({
        facility: HOSPITAL,
        at: '2026-02-28T23:59:00+05:00',
        category: 'threat',
        perpetrator: 'visitor',
      });
      await incident({
        facility: SUBSTATION,
        at: '2025-03-10T10:00:00+05:00',
        category: 'threat',
        victims: ['driver'],
      });
      await incident({
        facility: POLYCLINIC,
        at: '2026-03-05T09:00:00+05:00',
        category: 'assault',
        perpetrator: 'other',
        victims: ['doctor'],
      });
      // Footage linked to one March incident.
      const safety = await t.login('safety@demo.medguard.kz');
      const clip = await t
        .http()
        .post('/api/v1/footage')
        .set(bearer(safety))
        .attach('file', mp4(8 * 1024), 'c.mp4');
      await t
        .http()
        .post(`/api/v1/incidents/${edge}/footage`)
        .set(bearer(safety))
        .send({ footageId: clip.body.id })
        .expect(201);
    });

    it('counts by region with the previous month, the same month last year and the rate per 1,000 staff', async () => {
      const [{ staff }] = await t.db.query(
        `SELECT sum(staff_count)::int AS staff FROM facilities WHERE region_id = $1`,
        [ALMATY],
      );
      const res = await monthly('month=2026-03&groupBy=region&lang=en');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        month: '2026-03',
        total: 4,
        previousMonth: 1,
        sameMonthLastYear: 1,
        events: 4,
        victims: 5,
        withFootage: 1,
        footageShare: 0.25,
      });
      const almaty = res.body.rows.find((r: { key: string }) => r.key === ALMATY);
      expect(almaty).toEqual({
        key: ALMATY,
        label: 'Almaty',
        count: 3,
        events: 3,
        previousMonth: 1,
        sameMonthLastYear: 1,
        ratePer1000Staff: Math.round((3 * 1000 * 100) / staff) / 100,
      });
      expect(res.body.rows.find((r: { key: string }) => r.key === ASTANA)).toMatchObject({
        label: 'Astana',
        count: 1,
        previousMonth: 0,
        ratePer1000Staff: 2, // 1 incident, 500 staff
      });
      // Every region is listed, with zeros.
      expect(res.body.rows).toHaveLength(20);
    });

    it('counts by category, perpetrator, facility type and facility, and victims by role', async () => {
      const by = async (groupBy: string, extra = '') =>
        Object.fromEntries(
          (await monthly(`month=2026-03&groupBy=${groupBy}${extra}`)).body.rows.map(
            (r: {
              key: string;
              count: number;
              previousMonth: number;
              sameMonthLastYear: number;
            }) => [r.key, [r.count, r.previousMonth, r.sameMonthLastYear]],
          ),
        );
      expect(await by('category')).toEqual({
        threat: [1, 1, 1],
        assault: [2, 0, 0],
        assault_emergency: [0, 0, 0],
        assault_multiple: [1, 0, 0],
      });
      expect(await by('perpetratorType')).toEqual({
        patient: [2, 0, 1],
        relative: [1, 0, 0],
        visitor: [0, 1, 0],
        other: [1, 0, 0],
      });
      expect(await by('victimRole')).toMatchObject({
        nurse: [2, 1, 0],
        doctor: [2, 0, 0],
        paramedic: [1, 0, 0],
        driver: [0, 0, 1],
        orderly: [0, 0, 0],
      });
      expect(await by('facilityType')).toMatchObject({
        multi_profile_hospital: [2, 1, 0],
        ambulance_station: [1, 0, 1],
        polyclinic: [1, 0, 0],
      });
      expect(await by('facility')).toEqual({
        [HOSPITAL]: [2, 1, 0],
        [SUBSTATION]: [1, 0, 1],
        [POLYCLINIC]: [1, 0, 0],
      });
      expect(await by('region', `&regionId=${ASTANA}`)).toEqual({ [ASTANA]: [1, 0, 0] });
      const astana = await monthly(`month=2026-03&groupBy=category&regionId=${ASTANA}`);
      expect(astana.body).toMatchObject({ total: 1, previousMonth: 0, victims: 1 });
    });

    it('labels rows in the language asked for, else the user’s own', async () => {
      const ru = await monthly('month=2026-03&groupBy=category&lang=ru');
      expect(ru.body.rows.find((r: { key: string }) => r.key === 'threat').label).toBe('Угроза');
      const kk = await monthly('month=2026-03&groupBy=facilityType&lang=kk');
      expect(kk.body.rows.find((r: { key: string }) => r.key === 'polyclinic').label).toBe(
        'Емхана',
      );
      // Without `lang`, the ministry account's own setting (Kazakh) decides.
      const own = await monthly('month=2026-03&groupBy=region');
      expect(own.body.rows.find((r: { key: string }) => r.key === ALMATY).label).toBe('Алматы');
    });

    it('moves the count from one category to the other when an incident is reclassified', async () => {
      const admin = await t.login('admin@demo.medguard.kz');
      const res = await t
        .http()
        .post(`/api/v1/incidents/${substationMarch}/reclassify`)
        .set(bearer(admin))
        .send({ category: 'threat', reason: 'No physical contact, on review of the footage' });
      expect(res.status).toBe(200);
      const rows = (await monthly('month=2026-03&groupBy=category')).body.rows;
      const count = (key: string) => rows.find((r: { key: string }) => r.key === key).count;
      expect([count('threat'), count('assault')]).toEqual([2, 1]);
      await t.app.get(StatisticsRollups).fold();
      const folded = (await monthly('month=2026-03&groupBy=category')).body.rows;
      expect(folded).toEqual(rows);
      await t
        .http()
        .post(`/api/v1/incidents/${substationMarch}/reclassify`)
        .set(bearer(admin))
        .send({ category: 'assault', reason: 'Back to assault' })
        .expect(200);
    });

    it('exports CSV and XLSX with the same numbers as the JSON', async () => {
      const json = (await monthly('month=2026-03&groupBy=category&lang=ru')).body;
      const expected = [
        ...json.rows.map((r: Record<string, unknown>) => [
          r.key,
          r.label,
          r.count,
          r.previousMonth,
          r.sameMonthLastYear,
        ]),
        ['total', 'Итого', json.total, json.previousMonth, json.sameMonthLastYear],
      ];
      const csv = await t
        .http()
        .get('/api/v1/stats/monthly.csv?month=2026-03&groupBy=category&lang=ru')
        .set(bearer(ministry))
        .buffer(true)
        .parse(rawBody);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(csv.headers['content-disposition']).toMatch(
        /attachment; filename="medguard-2026-03-category\.csv"/,
      );
      const rows = parseCsv(csv.body as Buffer);
      expect(rows[0]).toEqual([
        'Код',
        'Категория',
        'Инциденты',
        'Предыдущий месяц',
        'Тот же месяц прошлого года',
        'На 1000 сотрудников',
      ]);
      // The rows and the total, then the month's events and victims, then its support figures
      // (victim counts only).
      const totalAt = rows.findIndex((r) => r[0] === 'total');
      expect(rows.slice(totalAt + 1).map((r) => [r[0], Number(r[2])])).toEqual([
        ['events', json.events],
        ['victims', json.victims],
        ['support.victims', json.support.victims],
        ['support.offered', 0],
        ['support.completed', 0],
      ]);
      expect(
        rows
          .slice(1, totalAt + 1)
          .map((r) => [r[0], r[1], Number(r[2]), Number(r[3]), Number(r[4])]),
      ).toEqual(expected);

      const xlsx = await t
        .http()
        .get('/api/v1/stats/monthly.xlsx?month=2026-03&groupBy=category&lang=ru')
        .set(bearer(ministry))
        .buffer(true)
        .parse(rawBody);
      expect(xlsx.status).toBe(200);
      const workbook = new Workbook();
      await workbook.xlsx.load(xlsx.body as never);
      const sheet = workbook.worksheets[0];
      const cells: unknown[][] = [];
      sheet.eachRow((row) => cells.push((row.values as unknown[]).slice(1)));
      expect(cells[0][1]).toBe('Категория');
      expect(cells.slice(-3).map((r) => [r[0], r[2]])).toEqual([
        ['support.victims', 5],
        ['support.offered', 0],
        ['support.completed', 0],
      ]);
      expect(cells.slice(1, -5).map((r) => r.slice(0, 5))).toEqual(expected);
    });

    it('shows a trend series per key over a range of months', async () => {
      const res = await t
        .http()
        .get('/api/v1/stats/trend?from=2026-01&to=2026-04&groupBy=category')
        .set(bearer(ministry));
      expect(res.status).toBe(200);
      expect(res.body.months).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
      const series = Object.fromEntries(
        res.body.series.map((s: { key: string; values: number[] }) => [s.key, s.values]),
      );
      expect(series.threat).toEqual([0, 1, 1, 0]);
      expect(series.assault).toEqual([0, 0, 2, 1]);
      const totals = await t
        .http()
        .get('/api/v1/stats/trend?from=2025-03&to=2026-04')
        .set(bearer(ministry));
      expect(totals.body.series).toHaveLength(1);
      expect(totals.body.series[0].values.at(0)).toBe(1);
      expect(totals.body.series[0].values.slice(-3)).toEqual([1, 4, 1]);
    });
  });
});
