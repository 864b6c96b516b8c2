import { report } from './support/incidents';
import { bearer, listenOnLoopback, TestApp } from './support/test-app';
import { eventually, startAlertStack } from './support/alert-stack';
import { alertStream, SseClient, SseEvent } from './support/sse-client';

/** A report with this many perpetrators commits slowly (see the trigger below). */
const SLOW = 9;
/** One with this many is slow to commit after its console events are written. */
const SLOW_AFTER_EVENTS = 8;

/**
 * The live console under concurrent filing: transactions commit in another order than they
 * insert, and a console must still see every alert once, live and after a reconnect.
 */
describe('live console under concurrent filing', () => {
  let stack: Awaited<ReturnType<typeof startAlertStack>>;
  let t: TestApp;
  let base: string;
  let nurse: string;
  let police: string;

  beforeAll(async () => {
    stack = await startAlertStack();
    t = stack.api;
    // A filing that is slow to commit, as one is under load: a trigger in this test's own database
    // sleeps once the report's rows are written, before its transaction reaches COMMIT.
    await t.db.query(`
      CREATE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.perpetrator_count = ${SLOW} THEN PERFORM pg_sleep(0.8); END IF;
        RETURN NULL;
      END $$`);
    await t.db.query(`
      CREATE TRIGGER test_slow_commit AFTER INSERT ON incidents
        FOR EACH ROW EXECUTE FUNCTION test_slow_commit()`);
    await t.db.query(`
      CREATE FUNCTION test_slow_after_events() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM alerts a JOIN incidents i ON i.id = a.incident_id
                    WHERE a.id = NEW.alert_id AND i.perpetrator_count = ${SLOW_AFTER_EVENTS}) THEN
          PERFORM pg_sleep(1.5);
        END IF;
        RETURN NULL;
      END $$`);
    await t.db.query(`
      CREATE TRIGGER test_slow_after_events AFTER INSERT ON alert_events
        FOR EACH ROW EXECUTE FUNCTION test_slow_after_events()`);
    base = await listenOnLoopback(t);
    [nurse, police] = await t.loginAll('nurse', 'police');
    // The year's first report creates the year's reference sequence; later ones never wait.
    expect((await file()).status).toBe(201);
  });
  afterAll(() => stack.close());

  const openConsole = (lastEventId?: string) => alertStream(base, police, lastEventId);
  const file = (slow: boolean | number = false) =>
    t
      .http()
      .post('/api/v1/incidents')
      .set(bearer(nurse))
      .send(
        report(
          slow ? { perpetrators: { type: 'visitor', count: slow === true ? SLOW : slow } } : {},
        ),
      );
  const alertIds = (events: SseEvent[]) =>
    events.filter((e) => e.event === 'alert').map((e) => JSON.parse(e.data).id as string);

  /** Closes every console a test opened, whatever happened, so the app can shut down. */
  const opened: SseClient[] = [];
  afterEach(() => opened.splice(0).forEach((c) => c.close()));
  const track = (client: SseClient) => (opened.push(client), client);

  it('files a report to a post without waiting for another report to that post to commit', async () => {
    const live = track(openConsole());
    await live.open();
    const finished: string[] = [];
    const slow = file(SLOW_AFTER_EVENTS).then((r) => (finished.push('slow'), r));
    // The slow filing has written its alert and console event and waits before commit.
    await new Promise((r) => setTimeout(r, 400));
    const fast = await file();
    finished.push('fast');
    const slowed = await slow;
    expect([fast.status, slowed.status]).toEqual([201, 201]);
    expect(finished).toEqual(['fast', 'slow']);
    await live.waitFor(2, 10000);
    expect(alertIds(live.events)).toEqual([fast.body.alerts[0].id, slowed.body.alerts[0].id]);
  }, 20000);

  it('sends an alert whose filing committed after a later one was already streamed', async () => {
    const live = track(openConsole());
    await live.open();
    await new Promise((r) => setTimeout(r, 300));
    const slow = file(true).then((r) => r);
    // The slow filing has written its rows and waits before commit; this one commits first.
    await new Promise((r) => setTimeout(r, 300));
    const fast = await file();
    const slowed = await slow;
    expect([fast.status, slowed.status]).toEqual([201, 201]);
    await live.waitFor(2, 10000);
    expect(alertIds(live.events).sort()).toEqual(
      [fast.body.alerts[0].id, slowed.body.alerts[0].id].sort(),
    );
  }, 20000);

  it('gives a connected console and one that reconnects halfway every one of 40 concurrent alerts exactly once', async () => {
    const steady = track(openConsole());
    const roaming = track(openConsole());
    await Promise.all([steady.open(), roaming.open()]);
    await new Promise((r) => setTimeout(r, 300));

    const filings = Array.from({ length: 40 }, (_, i) => file(i % 5 === 2).then((r) => r));
    // Halfway through, the second console loses its connection and resumes from the last event
    // it saw, as EventSource does.
    await roaming.waitFor(20, 40000);
    roaming.close();
    const seen = [...roaming.events];
    expect(seen.length).toBeGreaterThan(0);
    const resumed = track(openConsole(seen[seen.length - 1].id));
    await resumed.open();

    const filed = await Promise.all(filings);
    expect(filed.map((r) => r.status)).toEqual(Array(40).fill(201));
    const expected = filed.map((r) => r.body.alerts[0].id as string).sort();

    await steady.waitFor(40, 30000);
    await eventually(
      async () => seen.length + resumed.events.length,
      (n) => n >= 40,
      30000,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(alertIds(steady.events).sort()).toEqual(expected);
    expect([...alertIds(seen), ...alertIds(resumed.events)].sort()).toEqual(expected);
    // Event ids follow commit order: each console saw them strictly increasing.
    for (const events of [steady.events, [...seen, ...resumed.events]]) {
      const ids = events.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(ids.length);
    }
  }, 120000);
});
