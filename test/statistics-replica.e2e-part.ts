import { randomBytes } from 'node:crypto';
import { StatisticsRollups } from '../src/statistics/rollups.service';
import { captureStdout, CapturedOutput } from './support/captured-output';
import { fileIncident } from './support/incidents';
import { OwnPostgres } from './support/own-postgres';
import { StandbyPostgres } from './support/standby-postgres';
import { bearer, startTestApp, TestApp } from './support/test-app';
import { shiftClock } from './support/test-clock';

/** The Asia/Almaty calendar month the reports of these tests occur in (`hoursAgo(1)`). */
const MONTH = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Almaty',
  year: 'numeric',
  month: '2-digit',
})
  .format(new Date(Date.now() - 3600_000))
  .slice(0, 7);

/**
 * The API on a primary of this file's own with a streaming replica as `DATABASE_READ_URL`. Pausing
 * the replica's replay makes it lag on purpose, so what the statistics show tells which server
 * answered.
 */
describe('statistics from a read replica', () => {
  const primary = new OwnPostgres();
  const standby = new StandbyPostgres(primary);
  const metricsToken = randomBytes(24).toString('hex');
  let t: TestApp;
  let out: CapturedOutput;
  let ministry: string;
  let nurse: string;

  const total = async (): Promise<number> => {
    const res = await t
      .http()
      .get(`/api/v1/stats/monthly?month=${MONTH}&groupBy=category`)
      .set(bearer(ministry));
    expect(res.status).toBe(200);
    return res.body.total as number;
  };
  const fallbacks = async (): Promise<number> => {
    const res = await t.http().get('/metrics').set(bearer(metricsToken));
    expect(res.status).toBe(200);
    return [...res.text.matchAll(/^database_replica_fallbacks_total\{[^}]*\} (\d+)$/gm)].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    );
  };

  beforeAll(async () => {
    await primary.start();
    const databaseUrl = await primary.prepare();
    await standby.allowReplication();
    await standby.start();
    out = captureStdout();
    t = await startTestApp({
      DATABASE_URL: databaseUrl,
      DATABASE_READ_URL: standby.url(),
      METRICS_TOKEN: metricsToken,
      LOG_LEVEL: 'warn',
    });
    [ministry, nurse] = await t.loginAll('ministry', 'nurse');
    await standby.caughtUp();
  }, 60000);
  afterAll(async () => {
    out?.restore();
    await t?.close();
    await standby.remove();
    await primary.remove();
  });

  it('serves statistics from the replica: a report filed while replay is paused is missing there until it resumes, while the report itself is read at once', async () => {
    const before = await total();
    await standby.pauseReplay();
    try {
      const filed = await fileIncident(t);
      const own = await t.http().get(`/api/v1/incidents/${filed.id}`).set(bearer(nurse));
      expect(own.status).toBe(200);
      const figures = await Promise.all(Array.from({ length: 12 }, () => total()));
      expect(figures).toEqual(Array(12).fill(before));
    } finally {
      await standby.resumeReplay();
    }
    expect(await total()).toBe(before + 1);
  });

  it('shows what the replica has when its rollups lag a fold behind: the unfolded deltas are counted once', async () => {
    const before = await total();
    await fileIncident(t);
    await standby.caughtUp();
    await standby.pauseReplay();
    try {
      await t.app.get(StatisticsRollups).fold();
      // The primary has folded the report's delta; the replica still holds it unfolded.
      const [{ n: primaryDeltas }] = await t.db.query(
        `SELECT count(*)::int AS n FROM stats_incident_deltas`,
      );
      expect(primaryDeltas).toBe(0);
      expect(await total()).toBe(before + 1);
    } finally {
      await standby.resumeReplay();
    }
    expect(await total()).toBe(before + 1);
  });

  it('answers from the primary with a warning while the replica is down, and goes back to the replica once it is up', async () => {
    const fellBackBefore = await fallbacks();
    out.clear();
    await standby.stop();
    const before = await total();
    await fileIncident(t);
    // Dozens of readers at once while the replica is away: every one answered, and current.
    const during = await Promise.all(Array.from({ length: 24 }, () => total()));
    expect(during).toEqual(Array(24).fill(before + 1));
    const warnings = out
      .entriesAt('warn')
      .filter((e) => String(e.msg).includes('read replica failed'));
    expect(warnings).toHaveLength(1);
    expect(await fallbacks()).toBeGreaterThan(fellBackBefore);

    await standby.start();
    await standby.caughtUp();
    const restore = shiftClock([t.app], (t.config.database.readRetrySeconds + 1) * 1000);
    try {
      await standby.pauseReplay();
      try {
        await fileIncident(t);
        expect(await total()).toBe(before + 1);
      } finally {
        await standby.resumeReplay();
      }
      expect(await total()).toBe(before + 2);
    } finally {
      restore();
    }
  });
});
