import { Workbook } from 'exceljs';
import { randomUUID } from 'node:crypto';
import { regionId } from '../seeds/reference';
import { seededRandom, seedId } from '../seeds/seed-ids';
import { StatisticsRollups } from '../src/statistics/rollups.service';
import { report } from './support/incidents';
import { mp4 } from './support/media';
import { appEnv, runNode } from './support/run-node';
import { rawBody } from './support/raw-body';
import { bearer, createTestDatabase, startTestApp, TestApp } from './support/test-app';
import { Month } from '../src/statistics/months';

const HOSPITAL = seedId('facility:almaty:cgkb');
const SUBSTATION = seedId('facility:almaty:ambulance:1');
const ALMATY = regionId('KZ-75');
const ASTANA = regionId('KZ-71');
const POLYCLINIC = seedId('facility:test:astana:polyclinic');

/** Parses RFC 4180 CSV (quoted fields, CRLF) after checking and dropping the UTF-8 BOM. */
function parseCsv(body: Buffer): string[][] {
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = body.subarray(3).toString('utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('monthly statistics', () => {
  let t: TestApp;
  let ministry: string;
  let reporter: string;
  let ruleSet: string;

  /** Files an incident straight into the database (older than intake allows), as it was reported. */
  async function incident(o: {
    facility: string;
    at: string;
    category: string;
    perpetrator?: string;
    victims?: string[];
  }): Promise<string> {
    const id = randomUUID();
    await t.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO incidents (id, reference, facility_id, reporter_id, occurred_at, place_kind, kind,
           reported_emergency, during_state_of_emergency, perpetrator_type, perpetrator_count, narrative,
           category, max_penalty, rule_set_id, rule_set_version, classification_reasons)
         VALUES ($1, $2, $3, $4, $5, 'ward', 'physical_assault', false, false, $6, 1, 'Test narrative',
           $7, '{}', $8, 1, '[]')`,
        [
          id,
          `T-${id.slice(0, 8)}`,
          o.facility,
          reporter,
          o.at,
          o.perpetrator ?? 'patient',
          o.category,
          ruleSet,
        ],
      );
      for (const [position, role] of (o.victims ?? ['nurse']).entries())
        await m.query(
          `INSERT INTO incident_victims (incident_id, position, role, injury) VALUES ($1, $2, $3, 'minor')`,
          [id, position, role],
        );
    });
    return id;
  }

  const monthly = (query: string, token = ministry) =>
    t.http().get(`/api/v1/stats/monthly?${query}`).set(bearer(token));

  beforeAll(async () => {
    t = await startTestApp();
    ministry = await t.login('ministry@demo.medguard.kz');
    [{ id: reporter }] = await t.db.query(
      `SELECT id FROM users WHERE email = 'nurse@demo.medguard.kz'`,
    );
    [{ id: ruleSet }] = await t.db.query(
      `SELECT id FROM classification_rule_sets WHERE version = 1`,
    );
    await t.db.query(
      `INSERT INTO facilities (id, region_id, type, name, address, lat, lon, staff_count)
       VALUES ($1, $2, 'polyclinic', 'Astana test polyclinic', 'Astana', 51.1, 71.4, 500)`,
      [POLYCLINIC, ASTANA],
    );
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
        victims: 5,
        withFootage: 1,
        footageShare: 0.25,
      });
      const almaty = res.body.rows.find((r: { key: string }) => r.key === ALMATY);
      expect(almaty).toEqual({
        key: ALMATY,
        label: 'Almaty',
        count: 3,
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
      expect(
        rows.slice(1).map((r) => [r[0], r[1], Number(r[2]), Number(r[3]), Number(r[4])]),
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
      expect(cells.slice(1).map((r) => r.slice(0, 5))).toEqual(expected);
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

    it('reports facilities with and without a covering police post, with their incidents', async () => {
      const res = await t
        .http()
        .get('/api/v1/stats/coverage?from=2026-03&to=2026-03&lang=en')
        .set(bearer(ministry));
      expect(res.status).toBe(200);
      const astana = res.body.rows.find((r: { regionId: string }) => r.regionId === ASTANA);
      expect(astana).toMatchObject({
        facilityType: 'polyclinic',
        facilities: 1,
        covered: 0,
        uncovered: 1,
        incidents: 1,
      });
      expect(res.body.uncoveredFacilities).toContainEqual(
        expect.objectContaining({ id: POLYCLINIC, name: 'Astana test polyclinic', incidents: 1 }),
      );
      const hospitals = res.body.rows.find(
        (r: { regionId: string; facilityType: string }) =>
          r.regionId === ALMATY && r.facilityType === 'multi_profile_hospital',
      );
      expect(hospitals.covered).toBeGreaterThan(0);
      expect(JSON.stringify(res.body)).not.toMatch(/address/i);
    });
  });

  it('reports acknowledgement times by region from the first acknowledgement of each incident', async () => {
    const nurse = await t.login('nurse@demo.medguard.kz');
    const police = await t.login('police@demo.medguard.kz');
    const filed = await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report());
    const [alert] = await t.db.query(`SELECT id FROM alerts WHERE incident_id = $1`, [
      filed.body.id,
    ]);
    await t.http().post(`/api/v1/alerts/${alert.id}/ack`).set(bearer(police)).expect(200);
    const month = Month.of(new Date()).toString();
    const res = await t
      .http()
      .get(`/api/v1/stats/response-times?month=${month}&lang=en`)
      .set(bearer(ministry));
    expect(res.status).toBe(200);
    const almaty = res.body.rows.find((r: { key: string }) => r.key === ALMATY);
    expect(almaty.acknowledged).toBe(1);
    expect(almaty.medianSeconds).toBeGreaterThanOrEqual(0);
    expect(almaty.medianSeconds).toBeLessThan(60);
    expect(res.body.overall.acknowledged).toBe(1);
  });

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

  it('rebuilt rollups equal the incrementally kept ones after random creates, reclassifications and moves', async () => {
    const rollups = t.app.get(StatisticsRollups);
    const snapshot = async () => {
      const incidents = await t.db.query(`
        SELECT to_char(month, 'YYYY-MM') AS month, facility_id, category, perpetrator_type,
               sum(incidents)::int AS n, sum(with_footage)::int AS footage
          FROM (SELECT month, facility_id, category, perpetrator_type, incidents, with_footage FROM stats_incidents_monthly
                UNION ALL
                SELECT month, facility_id, category, perpetrator_type, incidents, with_footage FROM stats_incident_deltas) x
         GROUP BY 1, 2, 3, 4 HAVING sum(incidents) <> 0 OR sum(with_footage) <> 0 ORDER BY 1, 2, 3, 4`);
      const victims = await t.db.query(`
        SELECT to_char(month, 'YYYY-MM') AS month, facility_id, category, victim_role, sum(victims)::int AS n
          FROM (SELECT month, facility_id, category, victim_role, victims FROM stats_victims_monthly
                UNION ALL
                SELECT month, facility_id, category, victim_role, victims FROM stats_victim_deltas) x
         GROUP BY 1, 2, 3, 4 HAVING sum(victims) <> 0 ORDER BY 1, 2, 3, 4`);
      const acks = await t.db.query(
        `SELECT incident_id, month, facility_id, seconds FROM stats_acknowledgements ORDER BY incident_id`,
      );
      return { incidents, victims, acks };
    };
    const rnd = seededRandom(158);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    const facilities = [HOSPITAL, SUBSTATION, POLYCLINIC];
    const categories = ['threat', 'assault', 'assault_emergency', 'assault_multiple'];
    const roles = ['doctor', 'nurse', 'paramedic', 'orderly'];
    const created: string[] = [];
    for (let step = 0; step < 120; step++) {
      const action = created.length < 5 ? 0 : Math.floor(rnd() * 5);
      if (action <= 1) {
        const month = 1 + Math.floor(rnd() * 12);
        created.push(
          await incident({
            facility: pick(facilities),
            at: `2025-${String(month).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}T${pick(['00:30', '12:00', '23:30'])}:00+05:00`,
            category: pick(categories),
            perpetrator: pick(['patient', 'relative', 'visitor', 'other']),
            victims: Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(roles)),
          }),
        );
      } else if (action === 2) {
        await t.db.query(`UPDATE incidents SET category = $2 WHERE id = $1`, [
          pick(created),
          pick(categories),
        ]);
      } else if (action === 3) {
        // Moved a few hours: sometimes across a month boundary.
        await t.db.query(
          `UPDATE incidents SET occurred_at = occurred_at + $2 * interval '1 hour' WHERE id = $1`,
          [pick(created), Math.floor(rnd() * 200) - 100],
        );
      } else {
        await rollups.fold();
      }
    }
    const incremental = await snapshot();
    expect(incremental.incidents.length).toBeGreaterThan(10);
    await rollups.rebuild();
    expect(await snapshot()).toEqual(incremental);
    const [{ deltas }] = await t.db.query(
      `SELECT count(*)::int AS deltas FROM stats_incident_deltas`,
    );
    expect(deltas).toBe(0);
  });
});

describe('synthetic load and the rebuild command', () => {
  it('fills a national directory with incidents and rollups that agree with a direct count', async () => {
    const url = await createTestDatabase();
    const seeded = await runNode(
      'cli/seed-synthetic.js',
      appEnv({ DATABASE_URL: url }),
      ['--incidents', '3000', '--years', '2', '--seed', '7'],
      120_000,
    );
    expect(seeded.stderr).toBe('');
    expect(seeded.code).toBe(0);
    expect(seeded.stdout).toMatch(/"incidents":3000/);
    const rebuilt = await runNode('cli/stats-rebuild.js', appEnv({ DATABASE_URL: url }));
    expect(rebuilt.code).toBe(0);
    const { Client } = await import('pg');
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      const direct = await db.query(
        `SELECT stats_month(occurred_at)::text AS month, category, count(*)::int AS n
           FROM incidents GROUP BY 1, 2 ORDER BY 1, 2`,
      );
      const rolled = await db.query(
        `SELECT month::text AS month, category, sum(incidents)::int AS n
           FROM stats_incidents_monthly GROUP BY 1, 2 HAVING sum(incidents) <> 0 ORDER BY 1, 2`,
      );
      expect(rolled.rows).toEqual(direct.rows);
      expect(direct.rows.length).toBeGreaterThan(40);
      const [{ regions }] = (
        await db.query(
          `SELECT count(DISTINCT f.region_id)::int AS regions FROM incidents i JOIN facilities f ON f.id = i.facility_id`,
        )
      ).rows;
      expect(regions).toBe(20);
    } finally {
      await db.end();
    }
  });
});
