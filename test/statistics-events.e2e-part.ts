import { Workbook } from 'exceljs';
import { StatisticsRollups } from '../src/statistics/rollups.service';
import { joinEvent, leaveEvent } from './support/event-flags';
import { rawBody } from './support/raw-body';
import { rollupSnapshot } from './support/rollup-snapshots';
import {
  HOSPITAL,
  IncidentWriter,
  parseCsv,
  POLYCLINIC,
  startStatisticsApp,
  SUBSTATION,
} from './support/statistics';
import { bearer, TestApp } from './support/test-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('statistics of events and distinct victims', () => {
  let t: TestApp;
  let ministry: string;
  let incident: IncidentWriter;
  let nurse: string;

  const get = async (path: string): Promise<Json> => {
    const res = await t.http().get(path).set(bearer(ministry));
    expect(res.status).toBe(200);
    return res.body as Json;
  };
  const monthly = (month: string, groupBy = 'category') =>
    get(`/api/v1/stats/monthly?month=${month}&groupBy=${groupBy}&lang=en`);
  /** The rollups kept as reports changed equal those rebuilt from the reports. */
  const expectRebuildUnchanged = async () => {
    const incremental = await rollupSnapshot(t.db);
    await t.app.get(StatisticsRollups).rebuild();
    expect(await rollupSnapshot(t.db)).toEqual(incremental);
  };
  const figures = async (month: string) => {
    const f = await monthly(month);
    return { total: f.total, events: f.events, victims: f.victims };
  };

  beforeAll(async () => {
    ({ t, incident } = await startStatisticsApp());
    ministry = await t.login('ministry@demo.medguard.kz');
    [{ id: nurse }] = await t.db.query(
      `SELECT id FROM users WHERE email = 'nurse@demo.medguard.kz'`,
    );
  });
  afterAll(() => t.close());

  describe('an attack reported twice across midnight at the end of January', () => {
    let first: string;
    let second: string;
    beforeAll(async () => {
      // 23:50 on 31 January in Almaty; the nurse harmed, as her own account.
      first = await incident({
        facility: HOSPITAL,
        at: '2026-01-31T23:50:00+05:00',
        category: 'assault_multiple',
        victims: [{ role: 'nurse', userId: nurse }],
      });
      // 00:10 on 1 February: the doctor's report names the nurse again, and the doctor.
      second = await incident({
        facility: HOSPITAL,
        at: '2026-02-01T00:10:00+05:00',
        category: 'assault_multiple',
        victims: [
          { role: 'nurse', userId: nurse },
          { role: 'doctor', userId: null },
        ],
      });
    });

    it('counts two events while the reports stand apart', async () => {
      await expect(figures('2026-01')).resolves.toEqual({ total: 1, events: 1, victims: 1 });
      await expect(figures('2026-02')).resolves.toEqual({ total: 1, events: 1, victims: 2 });
    });

    it('counts the joined event once, in January only, and the nurse once', async () => {
      await joinEvent(t, second, first);
      await expect(figures('2026-01')).resolves.toEqual({ total: 1, events: 1, victims: 1 });
      // February keeps its report and the doctor, but no event of its own.
      await expect(figures('2026-02')).resolves.toEqual({ total: 1, events: 0, victims: 1 });
      // Folded into the rollups, the figures stay what they were.
      await t.app.get(StatisticsRollups).fold();
      await expect(figures('2026-02')).resolves.toEqual({ total: 1, events: 0, victims: 1 });
    });

    it('gives events per row under the key of the earliest report, and none for victim roles', async () => {
      const byCategory = await monthly('2026-02', 'category');
      const multiple = byCategory.rows.find((r: Json) => r.key === 'assault_multiple');
      expect(multiple).toMatchObject({ count: 1, events: 0 });
      const jan = await monthly('2026-01', 'facility');
      expect(jan.rows).toEqual([expect.objectContaining({ key: HOSPITAL, count: 1, events: 1 })]);
      const roles = await monthly('2026-02', 'victimRole');
      expect(roles).toMatchObject({ total: 1, events: 0, victims: 1 });
      expect(roles.rows.find((r: Json) => r.key === 'doctor')).toMatchObject({
        count: 1,
        events: null,
      });
      expect(roles.rows.find((r: Json) => r.key === 'nurse')).toMatchObject({ count: 0 });
    });

    it('shows reports, events and victims per month of the trend', async () => {
      const trend = await get('/api/v1/stats/trend?from=2025-12&to=2026-02&lang=en');
      expect(trend.points).toEqual([
        { month: '2025-12', total: 0, events: 0, victims: 0 },
        { month: '2026-01', total: 1, events: 1, victims: 1 },
        { month: '2026-02', total: 1, events: 0, victims: 1 },
      ]);
      expect(trend.series[0].values).toEqual([0, 1, 1]);
    });

    it('puts events and victims as summary lines after the total in CSV and XLSX', async () => {
      const file = (ext: string) =>
        t
          .http()
          .get(`/api/v1/stats/monthly.${ext}?month=2026-02&groupBy=category&lang=ru`)
          .set(bearer(ministry))
          .buffer(true)
          .parse(rawBody);
      const csv = parseCsv((await file('csv')).body as Buffer);
      const at = csv.findIndex((r) => r[0] === 'total');
      expect(csv.slice(at, at + 3).map((r) => r.slice(0, 3))).toEqual([
        ['total', 'Итого', '1'],
        ['events', 'События', '0'],
        ['victims', 'Пострадавшие', '1'],
      ]);
      const workbook = new Workbook();
      await workbook.xlsx.load((await file('xlsx')).body as never);
      const cells: unknown[][] = [];
      workbook.worksheets[0].eachRow((row) => cells.push((row.values as unknown[]).slice(1)));
      const xAt = cells.findIndex((r) => r[0] === 'total');
      expect(cells.slice(xAt, xAt + 3).map((r) => [r[0], r[2]])).toEqual([
        ['total', 1],
        ['events', 0],
        ['victims', 1],
      ]);
    });

    it('counts both events again when the later report leaves', async () => {
      await leaveEvent(t, second);
      await expect(figures('2026-01')).resolves.toEqual({ total: 1, events: 1, victims: 1 });
      await expect(figures('2026-02')).resolves.toEqual({ total: 1, events: 1, victims: 2 });
    });
  });

  it('keeps a victim uncounted by a join under the category a reclassification committed meanwhile', async () => {
    const id = await incident({
      facility: SUBSTATION,
      at: '2026-08-10T12:00:00+05:00',
      category: 'assault',
      victims: [{ role: 'paramedic', userId: null }],
    });
    const byCategory = async () =>
      Object.fromEntries(
        (await monthly('2026-08', 'category')).rows.map((r: Json) => [r.key, r.count]),
      );
    const [{ id: victim }] = await t.db.query(
      `SELECT id FROM incident_victims WHERE incident_id = $1`,
      [id],
    );
    const { Client } = await import('pg');
    const [reclassify, join] = [
      new Client({ connectionString: t.databaseUrl }),
      new Client({ connectionString: t.databaseUrl }),
    ];
    await Promise.all([reclassify.connect(), join.connect()]);
    try {
      // The reclassification has moved the report (and its counted victim) but not committed
      // when the join marks that victim as named already.
      await reclassify.query('BEGIN');
      await reclassify.query(`UPDATE incidents SET category = 'threat' WHERE id = $1`, [id]);
      await join.query('BEGIN');
      const flipped = join.query(`UPDATE incident_victims SET counted = false WHERE id = $1`, [
        victim,
      ]);
      await new Promise((r) => setTimeout(r, 100));
      await reclassify.query('COMMIT');
      await flipped;
      await join.query('COMMIT');
    } finally {
      await Promise.all([reclassify.end(), join.end()]);
    }
    const victims = async () =>
      Object.fromEntries(
        (await monthly('2026-08', 'victimRole')).rows.map((r: Json) => [r.key, r.count]),
      );
    await expect(byCategory()).resolves.toMatchObject({ assault: 0, threat: 1 });
    await expect(victims()).resolves.toMatchObject({ paramedic: 0 });
    // The victim rollups say what a rebuild from the reports says, category by category.
    await expectRebuildUnchanged();
  });

  it('stays exact when dozens of joins, leaves and new reports land at once', async () => {
    const facilities = [HOSPITAL, SUBSTATION, POLYCLINIC];
    const day = (i: number) =>
      `2026-0${5 + (i % 2)}-${String(1 + ((i * 7) % 28)).padStart(2, '0')}T12:00:00+05:00`;
    const write = (i: number) =>
      incident({
        facility: facilities[i % 3],
        at: day(i),
        category: i % 2 ? 'assault' : 'assault_multiple',
        victims: [{ role: 'nurse', userId: i % 3 ? nurse : null }, ...(i % 4 ? [] : ['doctor'])],
      });
    const reports = await Promise.all(Array.from({ length: 24 }, (_, i) => write(i)));
    // Joins into a few events; then joins, leaves of reports joined, reclassifications of joined
    // reports, new reports and a fold, all at once.
    await Promise.all(reports.slice(3, 12).map((r, i) => joinEvent(t, reports[i % 3], r)));
    await Promise.all([
      ...reports.slice(12).map((r, i) => joinEvent(t, r, reports[(i % 4) + 3])),
      ...reports.slice(6, 10).map((r) => leaveEvent(t, r)),
      ...[0, 1, 2, 4, 5, 10, 11, 13].map((i) =>
        t.db.query(`UPDATE incidents SET category = 'threat' WHERE id = $1`, [reports[i]]),
      ),
      ...Array.from({ length: 12 }, (_, i) => write(100 + i)),
      t.app.get(StatisticsRollups).fold(),
    ]);
    const direct = async (month: string) => {
      const [row] = await t.db.query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE counts_event)::int AS events,
                (SELECT count(*) FROM incident_victims v JOIN incidents j ON j.id = v.incident_id
                  WHERE v.counted AND stats_month(j.occurred_at) = $1::date)::int AS victims
           FROM incidents WHERE stats_month(occurred_at) = $1::date`,
        [`${month}-01`],
      );
      return row;
    };
    const [{ later }] = await t.db.query(
      `SELECT count(*)::int AS later FROM incidents WHERE NOT counts_event`,
    );
    expect(later).toBeGreaterThan(10);
    for (const month of ['2026-05', '2026-06'])
      await expect(figures(month)).resolves.toEqual(await direct(month));
    await expectRebuildUnchanged();
  });
});
