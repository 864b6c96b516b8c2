import { DEMO_IDS } from '../seeds/demo';
import { seededRandom } from '../seeds/seed-ids';
import { StatisticsRollups } from '../src/statistics/rollups.service';
import { joinEvent, leaveEvent } from './support/event-flags';
import { countedFromReports, regionalFigures, rollupSnapshot } from './support/rollup-snapshots';
import {
  ALMATY,
  ASTANA,
  HOSPITAL,
  IncidentWriter,
  POLYCLINIC,
  startStatisticsApp,
  SUBSTATION,
} from './support/statistics';
import { changeSupport } from './support/support-writes';
import { TestApp } from './support/test-app';

describe('statistics rollups', () => {
  let t: TestApp;
  let incident: IncidentWriter;

  beforeAll(async () => {
    ({ t, incident } = await startStatisticsApp());
  });
  afterAll(() => t.close());

  const snapshot = () => rollupSnapshot(t.db);
  const counted = () => countedFromReports(t.db);

  const POSTS = [
    DEMO_IDS.centralPost,
    DEMO_IDS.almatyDutyDesk,
    DEMO_IDS.karagandaDutyDesk,
    DEMO_IDS.nationalDutyDesk,
  ];

  /** Raises an alert as intake or escalation would: a deadline minutes after it is raised. */
  async function raise(
    incidentId: string,
    post: string,
    o: { afterSeconds: number; level?: number; parent?: string; ackAfterSeconds?: number },
  ): Promise<string> {
    const [row] = await t.db.query(
      `INSERT INTO alerts (incident_id, police_post_id, priority, escalation_level, parent_alert_id,
                           created_at, deadline_at, acknowledged_at, status)
       SELECT i.id, $2, 2, $3, $4, i.created_at + make_interval(secs => $5),
              i.created_at + make_interval(secs => $5 + 300),
              i.created_at + make_interval(secs => $5 + $6::double precision),
              CASE WHEN $6::double precision IS NULL THEN 'delivered' ELSE 'acknowledged' END
         FROM incidents i WHERE i.id = $1
       RETURNING id`,
      [incidentId, post, o.level ?? 0, o.parent ?? null, o.afterSeconds, o.ackAfterSeconds ?? null],
    );
    return row.id;
  }

  it('rebuilt rollups equal the incrementally kept ones, and a direct count of events and distinct victims, after random creates, reclassifications, moves, event joins and leaves, alerts, acknowledgements, deadline changes and escalations', async () => {
    const rollups = t.app.get(StatisticsRollups);
    const rnd = seededRandom(158);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    const facilities = [HOSPITAL, SUBSTATION, POLYCLINIC];
    const categories = ['threat', 'assault', 'assault_emergency', 'assault_multiple'];
    const roles = ['doctor', 'nurse', 'paramedic', 'orderly'];
    const created: string[] = [];
    // Victims harmed as one of a few accounts are the same person in every report naming them.
    const accounts = (
      (await t.db.query(`SELECT id FROM users ORDER BY email LIMIT 3`)) as Array<{ id: string }>
    ).map((u) => u.id);
    const open = async () =>
      (await t.db.query(
        `SELECT id FROM alerts WHERE acknowledged_at IS NULL AND escalated_at IS NULL ORDER BY id`,
      )) as Array<{ id: string }>;
    // The polyclinic changes region and type now and then, as an administrator may correct them.
    const moves: Record<number, [string, string]> = {
      100: [ALMATY, 'multi_profile_hospital'],
      200: [ASTANA, 'multi_profile_hospital'],
      250: [ALMATY, 'polyclinic'],
    };
    for (let step = 0; step < 300; step++) {
      if (moves[step])
        await t.db.query(`UPDATE facilities SET region_id = $2, type = $3 WHERE id = $1`, [
          POLYCLINIC,
          ...moves[step],
        ]);
      const action = created.length < 5 ? 0 : Math.floor(rnd() * 15) - 1;
      if (action <= 1) {
        const month = 1 + Math.floor(rnd() * 12);
        const id = await incident({
          facility: pick(facilities),
          at: `2025-${String(month).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}T${pick(['00:30', '12:00', '23:30'])}:00+05:00`,
          category: pick(categories),
          perpetrator: pick(['patient', 'relative', 'visitor', 'other']),
          victims: Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => ({
            role: pick(roles),
            userId: rnd() < 0.6 ? pick(accounts) : null,
          })),
        });
        created.push(id);
        // Most reports raise an alert at once; some are acknowledged as they are written.
        if (rnd() < 0.9)
          await raise(id, POSTS[0], {
            afterSeconds: 0,
            ackAfterSeconds: rnd() < 0.3 ? Math.floor(rnd() * 600) : undefined,
          });
      } else if (action === 2) {
        await t.db.query(`UPDATE incidents SET category = $2 WHERE id = $1`, [
          pick(created),
          pick(categories),
        ]);
      } else if (action === 3) {
        // Moved by up to 15 days: often across a month boundary.
        await t.db.query(
          `UPDATE incidents SET occurred_at = occurred_at + $2 * interval '1 hour' WHERE id = $1`,
          [pick(created), Math.floor(rnd() * 720) - 360],
        );
      } else if (action === 4) {
        // Acknowledged, in time or late.
        const alerts = await open();
        if (alerts.length)
          await t.db.query(
            `UPDATE alerts SET acknowledged_at = created_at + make_interval(secs => $2), status = 'acknowledged'
              WHERE id = $1`,
            [pick(alerts).id, Math.floor(rnd() * 600)],
          );
      } else if (action === 5) {
        // The deadline moved (a reclassification), of an open alert or of an acknowledged one.
        const [alert] = await t.db.query(`SELECT id FROM alerts ORDER BY random() LIMIT 1`);
        if (alert)
          await t.db.query(
            `UPDATE alerts SET deadline_at = deadline_at + make_interval(secs => $2) WHERE id = $1`,
            [alert.id, Math.floor(rnd() * 600) - 300],
          );
      } else if (action === 6) {
        // Escalated: marked, and a new alert one level up at a post not yet alerted.
        const alerts = await open();
        if (alerts.length) {
          const [alert] = await t.db.query(
            `WITH e AS (UPDATE alerts SET status = 'escalated', escalated_at = deadline_at WHERE id = $1
                        RETURNING incident_id, escalation_level, deadline_at, created_at)
             SELECT incident_id, escalation_level, extract(epoch FROM deadline_at - created_at) AS wait,
                    (SELECT array_agg(police_post_id) FROM alerts b WHERE b.incident_id = e.incident_id) AS alerted
               FROM e`,
            [pick(alerts).id],
          );
          const next = POSTS.find((p) => !alert.alerted.includes(p));
          if (next)
            await raise(alert.incident_id, next, {
              afterSeconds: Number(alert.wait),
              level: alert.escalation_level + 1,
            });
        }
      } else if (action === 8 || action === 9) {
        // Two reports joined into one event (extending or merging the events they are in).
        const a = pick(created);
        const b = pick(created);
        if (a !== b) await joinEvent(t, a, b);
      } else if (action === 10) {
        const members = (await t.db.query(
          `SELECT id FROM incidents WHERE event_id IS NOT NULL ORDER BY id`,
        )) as Array<{ id: string }>;
        if (members.length) await leaveEvent(t, pick(members).id);
      } else if (action >= 12) {
        await changeSupport(t.db, pick(created), rnd);
      } else if (action === 7 && rnd() < 0.3) {
        // Several alerts acknowledged in one statement.
        await t.db.query(
          `UPDATE alerts SET acknowledged_at = deadline_at + interval '10 seconds', status = 'acknowledged'
            WHERE id IN (SELECT id FROM alerts WHERE acknowledged_at IS NULL ORDER BY random() LIMIT 2)`,
        );
      } else {
        await rollups.fold();
      }
    }
    const incremental = await snapshot();
    expect(incremental.incidents.length).toBeGreaterThan(10);
    expect(incremental.alerts.length).toBeGreaterThan(5);
    const [kinds] = await t.db.query(
      `SELECT count(*) FILTER (WHERE acknowledged_at <= deadline_at)::int AS in_time,
              count(*) FILTER (WHERE acknowledged_at > deadline_at)::int AS late,
              count(*) FILTER (WHERE acknowledged_at IS NULL)::int AS never,
              count(*) FILTER (WHERE escalated_at IS NOT NULL)::int AS escalated
         FROM alerts`,
    );
    expect(Object.values(kinds).every((n) => (n as number) >= 5)).toBe(true);
    const [flags] = await t.db.query(
      `SELECT (SELECT count(DISTINCT event_id) FROM incidents)::int AS events,
              (SELECT count(*) FROM incidents WHERE NOT counts_event)::int AS later_reports,
              (SELECT count(*) FROM incident_victims WHERE NOT counted)::int AS repeated_victims`,
    );
    expect(flags.events).toBeGreaterThanOrEqual(3);
    expect(flags.later_reports).toBeGreaterThanOrEqual(10);
    expect(flags.repeated_victims).toBeGreaterThanOrEqual(5);
    const [support] = await t.db.query(
      `SELECT count(DISTINCT (incident_id, victim_index))::int AS victims,
              count(*) FILTER (WHERE state = 'completed')::int AS completed
         FROM incident_support`,
    );
    expect(support.victims).toBeGreaterThanOrEqual(10);
    expect(support.completed).toBeGreaterThanOrEqual(5);
    expect(incremental.support.some((r: { completed: number }) => r.completed > 0)).toBe(true);
    expect({
      incidents: incremental.incidents,
      victims: incremental.victims,
      support: incremental.support,
    }).toEqual(await counted());
    // The regional rollups say what the facility rollups say under each facility's region and
    // type now: before a fold (the last move's months marked stale), after one, after a rebuild.
    await t.db.query(`UPDATE facilities SET region_id = $2, type = 'polyclinic' WHERE id = $1`, [
      POLYCLINIC,
      ASTANA,
    ]);
    const regional = await regionalFigures(t.db, 'expected');
    expect(
      regional.incidents.filter(
        (r: { region_id: string; facility_type: string }) =>
          r.region_id === ASTANA && r.facility_type === 'polyclinic',
      ).length,
    ).toBeGreaterThan(0);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM stats_regional_stale`)).not.toEqual([
      { n: 0 },
    ]);
    expect(await regionalFigures(t.db, 'read')).toEqual(regional);
    await rollups.fold();
    expect(await t.db.query(`SELECT count(*)::int AS n FROM stats_regional_stale`)).toEqual([
      { n: 0 },
    ]);
    expect(await regionalFigures(t.db, 'read')).toEqual(regional);
    await rollups.rebuild();
    expect(await snapshot()).toEqual(incremental);
    expect(await regionalFigures(t.db, 'read')).toEqual(regional);
    const [{ deltas }] = await t.db.query(
      `SELECT (SELECT count(*) FROM stats_incident_deltas) + (SELECT count(*) FROM stats_alert_deltas)
            + (SELECT count(*) FROM stats_support_deltas) AS deltas`,
    );
    expect(Number(deltas)).toBe(0);
  });

  it('keeps the regional figures exact while a facility changes region and type under dozens of concurrent reports and folds', async () => {
    const rollups = t.app.get(StatisticsRollups);
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const writes = Array.from({ length: 40 }, (_, i) =>
      incident({
        facility: i % 2 ? POLYCLINIC : HOSPITAL,
        at: `2024-0${1 + (i % 6)}-15T12:00:00+05:00`,
        category: i % 3 ? 'assault' : 'threat',
        victims: ['nurse', 'doctor'].slice(0, 1 + (i % 2)),
      }),
    );
    const folds = Array.from({ length: 12 }, (_, i) => wait(i * 15).then(() => rollups.fold()));
    // Ends where it began, as the Astana polyclinic.
    const moves = (async () => {
      for (const [region, type] of [
        [ALMATY, 'children_hospital'],
        [ASTANA, 'multi_profile_hospital'],
        [ALMATY, 'polyclinic'],
        [ASTANA, 'polyclinic'],
      ]) {
        await wait(30);
        await t.db.query(`UPDATE facilities SET region_id = $2, type = $3 WHERE id = $1`, [
          POLYCLINIC,
          region,
          type,
        ]);
      }
    })();
    await Promise.all([...writes, ...folds, moves]);
    const expected = await regionalFigures(t.db, 'expected');
    expect(
      expected.incidents.filter((r: { month: string }) => r.month.startsWith('2024-')).length,
    ).toBeGreaterThanOrEqual(6);
    expect(await regionalFigures(t.db, 'read')).toEqual(expected);
    await rollups.fold();
    expect(await regionalFigures(t.db, 'read')).toEqual(expected);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM stats_regional_stale`)).toEqual([
      { n: 0 },
    ]);
  });

  it('keeps the regional figures exact when a fold runs while a second move of a facility is uncommitted', async () => {
    const rollups = t.app.get(StatisticsRollups);
    for (const month of ['03', '04'])
      await incident({
        facility: POLYCLINIC,
        at: `2023-${month}-10T12:00:00+05:00`,
        category: 'assault',
      });
    await rollups.fold();
    // The first move marks the polyclinic's months; the second finds them marked already.
    await t.db.query(`UPDATE facilities SET region_id = $2 WHERE id = $1`, [POLYCLINIC, ALMATY]);
    const second = t.db.createQueryRunner();
    await second.connect();
    try {
      await second.startTransaction();
      await second.query(`UPDATE facilities SET type = 'children_hospital' WHERE id = $1`, [
        POLYCLINIC,
      ]);
      const fold = rollups.fold();
      await new Promise((r) => setTimeout(r, 300));
      await second.commitTransaction();
      await fold;
    } finally {
      await second.release();
    }
    const expected = await regionalFigures(t.db, 'expected');
    expect(
      expected.incidents.filter(
        (r: { month: string; facility_type: string }) =>
          r.month.startsWith('2023-') && r.facility_type === 'children_hospital',
      ),
    ).toHaveLength(2);
    expect(await regionalFigures(t.db, 'read')).toEqual(expected);
    await rollups.fold();
    expect(await regionalFigures(t.db, 'read')).toEqual(expected);
    await t.db.query(`UPDATE facilities SET region_id = $2, type = 'polyclinic' WHERE id = $1`, [
      POLYCLINIC,
      ASTANA,
    ]);
  });

  it('keeps the earliest acknowledgement of an incident when two posts acknowledge at once and the one that started first commits last', async () => {
    const id = await incident({
      facility: HOSPITAL,
      at: '2025-06-10T12:00:00+05:00',
      category: 'assault',
    });
    const [first, second] = await Promise.all([
      raise(id, DEMO_IDS.centralPost, { afterSeconds: 0 }),
      raise(id, DEMO_IDS.almatyDutyDesk, { afterSeconds: 0 }),
    ]);
    const { Client } = await import('pg');
    const [early, late] = [
      new Client({ connectionString: t.databaseUrl }),
      new Client({ connectionString: t.databaseUrl }),
    ];
    await Promise.all([early.connect(), late.connect()]);
    try {
      // An acknowledgement is stamped with its transaction's start (now()).
      await early.query('BEGIN');
      await early.query('SELECT now()');
      await new Promise((r) => setTimeout(r, 50));
      await late.query('BEGIN');
      await late.query(
        `UPDATE alerts SET acknowledged_at = now(), status = 'acknowledged' WHERE id = $1`,
        [second],
      );
      await late.query('COMMIT');
      await early.query(
        `UPDATE alerts SET acknowledged_at = now(), status = 'acknowledged' WHERE id = $1`,
        [first],
      );
      await early.query('COMMIT');
    } finally {
      await Promise.all([early.end(), late.end()]);
    }
    const seconds = async () =>
      (
        await t.db.query(`SELECT seconds FROM stats_acknowledgements WHERE incident_id = $1`, [id])
      )[0]?.seconds;
    const [{ earliest }] = await t.db.query(
      `SELECT extract(epoch FROM min(a.acknowledged_at) - i.created_at) AS earliest
         FROM alerts a JOIN incidents i ON i.id = a.incident_id WHERE i.id = $1 GROUP BY i.id`,
      [id],
    );
    expect(await seconds()).toBeCloseTo(Number(earliest), 3);
    const incremental = await snapshot();
    await t.app.get(StatisticsRollups).rebuild();
    expect(await snapshot()).toEqual(incremental);
  });
});
