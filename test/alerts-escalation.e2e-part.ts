import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DEMO_IDS } from '../seeds/demo';
import { regionId } from '../seeds/reference';
import { escalationJobId } from '../src/alerts/alert-jobs';
import { AlertSweeper } from '../src/alerts/alert-sweeper.service';
import { QueueName } from '../src/jobs/queues';
import { report } from './support/incidents';
import { bearer, listenOnLoopback, TestApp } from './support/test-app';
import { startAlertStack } from './support/alert-stack';
import { launchChromium } from './support/browser';
import { alertStream } from './support/sse-client';
import { shiftClock } from './support/test-clock';
import { signInOn } from './support/web-test';

const MINUTE = 60_000;

/**
 * Escalation at the deadline, on the application's clock: a test moves the clock of the API and
 * the worker past a deadline and lets the worker's sweep find what is due, instead of waiting.
 */
describe('escalation', () => {
  let stack: Awaited<ReturnType<typeof startAlertStack>>;
  let t: TestApp;
  let base: string;
  let nurse: string;
  let police: string;
  let restore: () => void = () => undefined;

  beforeAll(async () => {
    stack = await startAlertStack();
    t = stack.api;
    base = await listenOnLoopback(t);
    [nurse, police] = await t.loginAll('nurse', 'police');
  });
  afterEach(() => restore());
  afterAll(() => stack.close());

  /** Moves both processes' clocks this far ahead of real time and runs the worker's sweep. */
  const laterBy = async (ms: number) => {
    restore();
    restore = shiftClock([t.app, stack.worker], ms);
    return stack.worker.get(AlertSweeper).sweep();
  };
  interface AlertRow {
    id: string;
    police_post_id: string;
    escalation_level: number;
    status: string;
    parent_alert_id: string | null;
    escalated_to_post_id: string | null;
    priority: number;
    deadline_at: Date;
    created_at: Date;
  }
  const alertsOf = (incidentId: string): Promise<AlertRow[]> =>
    t.db.query(
      `SELECT id, police_post_id, escalation_level, status, parent_alert_id, escalated_to_post_id,
              priority, deadline_at, created_at
         FROM alerts WHERE incident_id = $1 ORDER BY escalation_level, police_post_id`,
      [incidentId],
    );
  const file = (over: Record<string, unknown> = {}) =>
    t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report(over));
  const relayed = async (incidentId: string) => {
    for (let i = 0; i < 100; i++) {
      const [row] = await t.db.query(
        `SELECT count(*)::int AS n FROM outbox o JOIN alerts a ON a.id = o.alert_id
          WHERE a.incident_id = $1 AND o.relayed_at IS NULL`,
        [incidentId],
      );
      if (row.n === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the relay did not pick up the outbox');
  };

  it('escalates an unacknowledged alert to the region duty desk at its deadline, and not an acknowledged one', async () => {
    const ignored = await file();
    const handled = await file();
    expect(
      (await t.http().post(`/api/v1/alerts/${handled.body.alerts[0].id}/ack`).set(bearer(police)))
        .status,
    ).toBe(200);
    await Promise.all([relayed(ignored.body.id), relayed(handled.body.id)]);

    // A minute before the five-minute deadline nothing happens.
    await laterBy(4 * MINUTE);
    expect(await alertsOf(ignored.body.id)).toHaveLength(1);

    await laterBy(5 * MINUTE + 1000);
    expect(await alertsOf(ignored.body.id)).toMatchObject([
      { police_post_id: DEMO_IDS.centralPost, escalation_level: 0, status: 'escalated' },
      {
        police_post_id: DEMO_IDS.almatyDutyDesk,
        escalation_level: 1,
        parent_alert_id: ignored.body.alerts[0].id,
      },
    ]);
    expect(await alertsOf(handled.body.id)).toMatchObject([
      { police_post_id: DEMO_IDS.centralPost, status: 'acknowledged' },
    ]);
    const desk = await t.login('dutydesk@demo.medguard.kz');
    const seen = await t.http().get(`/api/v1/incidents/${ignored.body.id}`).set(bearer(desk));
    expect(seen.status).toBe(200);
  });

  it('tells the post an alert escalated away from where it went, live on its console', async () => {
    const live = alertStream(base, police);
    await live.open();
    try {
      await new Promise((r) => setTimeout(r, 300));
      const filed = await file();
      await relayed(filed.body.id);
      await live.waitFor(1);
      await laterBy(5 * MINUTE + 1000);
      const events = await live.waitFor(2);
      expect(events.map((e) => e.event)).toEqual(['alert', 'escalated']);
      expect(JSON.parse(events[1].data)).toMatchObject({
        id: filed.body.alerts[0].id,
        status: 'escalated',
        escalatedTo: { policePostId: DEMO_IDS.almatyDutyDesk, name: expect.any(String) },
      });
      const listed = await t.http().get('/api/v1/alerts').set(bearer(police));
      expect(
        listed.body.items.find((a: { id: string }) => a.id === filed.body.alerts[0].id),
      ).toMatchObject({ escalatedTo: { policePostId: DEMO_IDS.almatyDutyDesk } });
    } finally {
      live.close();
    }
  });

  it('shows on the open police console that an alert went to the duty desk', async () => {
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext({ locale: 'en' })).newPage();
      await signInOn(page, base, 'police@demo.medguard.kz');
      await page.waitForSelector('#connection.live');
      const filed = await file();
      const item = page.locator('[data-alert]', { hasText: filed.body.reference });
      await item.waitFor();
      await relayed(filed.body.id);
      await laterBy(5 * MINUTE + 1000);
      const [desk] = await t.db.query(`SELECT name FROM police_posts WHERE id = $1`, [
        DEMO_IDS.almatyDutyDesk,
      ]);
      await item.locator('.badge.escalated', { hasText: desk.name }).waitFor();
    } finally {
      await browser.close();
    }
  }, 60000);

  it('climbs one rung at a time when two posts cover the facility', async () => {
    const admin = await t.login('admin@demo.medguard.kz');
    const second = await t
      .http()
      .post('/api/v1/police-posts')
      .set(bearer(admin))
      .send({
        kind: 'post',
        name: 'Second post, Central City Clinical Hospital',
        regionId: regionId('KZ-75'),
        facilityIds: [DEMO_IDS.centralHospital],
      });
    expect(second.status).toBe(201);
    try {
      const filed = await file();
      expect(filed.body.alerts).toHaveLength(2);
      await relayed(filed.body.id);

      await laterBy(5 * MINUTE + 1000);
      const rows = await alertsOf(filed.body.id);
      const byPost = (post: string) => rows.filter((r) => r.police_post_id === post);
      expect(rows.filter((r) => r.escalation_level === 0).map((r) => r.status)).toEqual([
        'escalated',
        'escalated',
      ]);
      expect(byPost(DEMO_IDS.almatyDutyDesk)).toMatchObject([{ escalation_level: 1 }]);
      expect(byPost(DEMO_IDS.nationalDutyDesk)).toEqual([]);
      expect(
        rows.filter((r) => r.escalation_level === 0).map((r) => r.escalated_to_post_id),
      ).toEqual([DEMO_IDS.almatyDutyDesk, DEMO_IDS.almatyDutyDesk]);

      // The desk does not answer either: the national desk hears, once.
      await relayed(filed.body.id);
      await laterBy(10 * MINUTE + 2000);
      const after = await alertsOf(filed.body.id);
      expect(after.filter((r) => r.police_post_id === DEMO_IDS.nationalDutyDesk)).toMatchObject([
        { escalation_level: 2, parent_alert_id: byPost(DEMO_IDS.almatyDutyDesk)[0].id },
      ]);
    } finally {
      await t
        .http()
        .patch(`/api/v1/police-posts/${second.body.id}`)
        .set(bearer(admin))
        .send({ facilityIds: [] });
    }
  });

  it('moves an open alert to the new category: priority, deadline, console and escalation', async () => {
    const live = alertStream(base, police);
    await live.open();
    try {
      await new Promise((r) => setTimeout(r, 300));
      const filed = await file({ kind: 'verbal_threat' });
      expect(filed.body.classification.category).toBe('threat');
      const alertId = filed.body.alerts[0].id as string;
      await relayed(filed.body.id);
      const [before] = await alertsOf(filed.body.id);
      expect(before.priority).toBe(4);
      expect(before.deadline_at.getTime() - before.created_at.getTime()).toBe(15 * MINUTE);

      const changed = await t
        .http()
        .post(`/api/v1/incidents/${filed.body.id}/reclassify`)
        .set(bearer(police))
        .send({ category: 'assault_multiple', reason: 'A second nurse was struck as well' });
      expect(changed.status).toBe(200);
      const [after] = await alertsOf(filed.body.id);
      expect(after.priority).toBe(1);
      expect(after.deadline_at.getTime() - after.created_at.getTime()).toBe(2 * MINUTE);

      const events = await live.waitFor(2);
      expect(events.map((e) => e.event)).toEqual(['alert', 'updated']);
      expect(JSON.parse(events[1].data)).toMatchObject({
        id: alertId,
        priority: 1,
        incident: { category: 'assault_multiple' },
      });

      // The escalation now waits for the new deadline.
      await relayed(filed.body.id);
      const queue = stack.worker.get<Queue>(getQueueToken(QueueName.AlertEscalation), {
        strict: false,
      });
      const job = await queue.getJob(escalationJobId(alertId, after.deadline_at));
      expect(await job?.getState()).toBe('delayed');

      // Three minutes on — long before the threat's fifteen — it has escalated.
      await laterBy(3 * MINUTE);
      expect((await alertsOf(filed.body.id)).map((r) => r.police_post_id)).toEqual([
        DEMO_IDS.centralPost,
        DEMO_IDS.almatyDutyDesk,
      ]);
    } finally {
      live.close();
    }
  });

  it('never escalates before a deadline a reclassification moved later', async () => {
    const filed = await file({
      victims: [
        { role: 'nurse', injury: 'minor' },
        { role: 'doctor', injury: 'minor' },
      ],
    });
    expect(filed.body.classification.category).toBe('assault_multiple');
    await relayed(filed.body.id);
    const changed = await t
      .http()
      .post(`/api/v1/incidents/${filed.body.id}/reclassify`)
      .set(bearer(police))
      .send({ category: 'threat', reason: 'Nobody was struck; the reporter corrected it' });
    expect(changed.status).toBe(200);
    await relayed(filed.body.id);
    // Past the old two minutes, before the new fifteen.
    await laterBy(3 * MINUTE);
    expect(await alertsOf(filed.body.id)).toMatchObject([
      {
        police_post_id: DEMO_IDS.centralPost,
        priority: 4,
        status: expect.stringMatching(/^(pending|delivered)$/),
      },
    ]);
  });
});
