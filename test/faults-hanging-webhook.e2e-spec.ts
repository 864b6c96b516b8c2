import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DEMO_IDS } from '../seeds/demo';
import { seedId } from '../seeds/seed-ids';
import { deliveryJobId } from '../src/alerts/alert-jobs';
import { QueueName } from '../src/jobs/queues';
import { eventually, startAlertStack } from './support/alert-stack';
import { HangingReceiver } from './support/hanging-receiver';
import { CENTRAL, report } from './support/incidents';
import { SentRequests } from './support/sent-requests';
import { bearer, TestApp } from './support/test-app';
import {
  pointCentralPostWebhookAt,
  WEBHOOK_SECRET,
  WebhookReceiver,
} from './support/webhook-receiver';

const TIMEOUT_MS = 3000;
const ATTEMPTS = 3;
const REPORTS = 30;
/** The second post covering the Central City Clinical Hospital, whose receiver answers at once. */
const HEALTHY_POST = seedId('post:almaty:gkb:1');

/**
 * A police post's receiver that accepts connections and never answers. Its deliveries must time
 * out, be retried with backoff, end undeliverable and escalate at once, while the deliveries to
 * another post covering the same hospital keep arriving promptly.
 */
describe('a webhook receiver that never answers', () => {
  const hanging = new HangingReceiver();
  const healthy = new WebhookReceiver();
  const sent = new SentRequests();
  // The worker's timers and the receiver share this process: on a busy machine a timer fires,
  // and a closed socket is seen, as late as the process's event loop is behind.
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  let stack: Awaited<ReturnType<typeof startAlertStack>>;
  let t: TestApp;
  let nurse: string;

  beforeAll(async () => {
    sent.start();
    loopDelay.enable();
    stack = await startAlertStack({
      WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
      WEBHOOK_DELIVERY_ATTEMPTS: String(ATTEMPTS),
    });
    t = stack.api;
    expect((await pointCentralPostWebhookAt(t, await hanging.start())).status).toBe(200);
    const admin = await t.login('admin@demo.medguard.kz');
    const patched = await t
      .http()
      .patch(`/api/v1/police-posts/${HEALTHY_POST}`)
      .set(bearer(admin))
      .send({
        webhookUrl: await healthy.start(),
        webhookSecret: WEBHOOK_SECRET,
        facilityIds: [seedId('facility:almaty:gkb:1'), CENTRAL],
      });
    expect(patched.status).toBe(200);
    nurse = await t.login('nurse@demo.medguard.kz');
  });
  afterAll(async () => {
    sent.stop();
    loopDelay.disable();
    await stack.close();
    await hanging.stop();
    await healthy.stop();
  });

  const file = async () => {
    const res = await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report());
    expect(res.status).toBe(201);
    const alerts = res.body.alerts as Array<{ id: string; policePostId: string }>;
    return {
      answeredAt: Date.now(),
      hung: alerts.find((a) => a.policePostId === DEMO_IDS.centralPost)!.id,
      prompt: alerts.find((a) => a.policePostId === HEALTHY_POST)!.id,
    };
  };

  it('times out, retries with backoff, escalates the undeliverable alerts and never holds up the other post', async () => {
    loopDelay.reset();
    // A burst that outnumbers the worker's delivery slots, then a report every 250 ms while the
    // hanging deliveries time out and retry.
    const filed = await Promise.all(Array.from({ length: REPORTS }, file));
    const trickleUntil = Date.now() + 2 * TIMEOUT_MS + 1000;
    while (Date.now() < trickleUntil) {
      filed.push(await file());
      await new Promise((r) => setTimeout(r, 250));
    }

    await healthy.waitFor(filed.length, 10000);
    const arrived = new Map(
      healthy.received.map((r) => [String(r.headers['webhook-id']).slice(6), r.at]),
    );
    // Every delivery to the answering post goes out as that post's answers come, however many hang
    // elsewhere. Its job started once: it waited in the worker for one of the post's slots and
    // never went back to the queue to return only when the hanging requests had ended. It arrived
    // once, promptly: one filed while the hanging deliveries time out and retry within a hanging
    // request's timeout; one of the burst, which outnumbers the post's slots and so goes out in
    // rounds that take a second or more each on a busy two-core machine, within two. A late one is
    // named with where it was filed (the burst or the trickle after it), how often it arrived and
    // started, and its attempts.
    const queue = stack.worker.get<Queue>(getQueueToken(QueueName.AlertDelivery));
    const waits = await Promise.all(
      filed.map(async (f, filedAs) => ({
        alert: f.prompt,
        filedAs,
        waitedMs: (arrived.get(f.prompt) ?? Infinity) - f.answeredAt,
        arrivals: healthy.ids().filter((id) => id === `alert_${f.prompt}`).length,
        started: (await queue.getJob(deliveryJobId(f.prompt)))?.attemptsStarted,
        answeredAt: f.answeredAt,
      })),
    );
    const late = await Promise.all(
      waits
        .filter(
          (w) =>
            w.waitedMs >= (w.filedAs < REPORTS ? 2 : 1) * TIMEOUT_MS ||
            w.arrivals !== 1 ||
            w.started !== 1,
        )
        .map(async ({ answeredAt, ...w }) => ({
          ...w,
          attempts: (
            (await t.db.query(
              `SELECT outcome, latency_ms, (extract(epoch FROM at) * 1000)::float8 AS at
                 FROM alert_attempts WHERE alert_id = $1 ORDER BY at`,
              [w.alert],
            )) as Array<{ outcome: string; latency_ms: number; at: number }>
          ).map(
            (a) =>
              `${a.outcome} in ${a.latency_ms} ms, ${Math.round(a.at - answeredAt)} ms after the answer`,
          ),
        })),
    );
    expect(late).toEqual([]);

    const hungIds = filed.map((f) => f.hung);
    const undeliverable = async () =>
      Number(
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM alerts WHERE id = ANY($1) AND escalated_at IS NOT NULL`,
            [hungIds],
          )
        )[0].n,
      );
    expect(await eventually(undeliverable, (n) => n === hungIds.length, 40000)).toBe(
      hungIds.length,
    );

    for (const alertId of hungIds) {
      // The receiver saw each attempt; the sender gave up on each after the timeout.
      const seen = hanging.of(`alert_${alertId}`);
      expect(seen).toHaveLength(ATTEMPTS);
      // Timed from when the worker began each request: a worker busy with a burst may connect and
      // write a request well after its clock started, and the receiver sees that much less.
      const began = sent.of(`alert_${alertId}`);
      expect(began).toHaveLength(ATTEMPTS);
      const lateBy = loopDelay.max / 1e6;
      seen.forEach((r, i) => {
        expect(r.closedAt).not.toBeNull();
        expect(r.at).toBeGreaterThanOrEqual(began[i]);
        expect(r.closedAt! - began[i]).toBeGreaterThan(TIMEOUT_MS - 50);
        // Within a second of the timeout, and of the longest the event loop was held up.
        expect(r.closedAt! - began[i]).toBeLessThan(TIMEOUT_MS + 1000 + lateBy);
      });
      // Backoff: at least 1 s after the first failure and 2 s after the second (full jitter over
      // the upper half of 2 s and 4 s); a retry may also wait for one of the post's delivery slots.
      const gaps = seen.slice(1).map((r, i) => r.at - seen[i].closedAt!);
      expect(gaps[0]).toBeGreaterThanOrEqual(950);
      expect(gaps[1]).toBeGreaterThanOrEqual(1950);

      // Every attempt is recorded as a timeout.
      const attempts = (await t.db.query(
        `SELECT outcome, response_code, latency_ms FROM alert_attempts WHERE alert_id = $1 ORDER BY at`,
        [alertId],
      )) as Array<{ outcome: string; response_code: number | null; latency_ms: number }>;
      expect(attempts.map((a) => [a.outcome, a.response_code])).toEqual(
        Array(ATTEMPTS).fill(['timeout', null]),
      );
      for (const a of attempts) {
        expect(a.latency_ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
        expect(a.latency_ms).toBeLessThan(TIMEOUT_MS + 1000 + lateBy);
      }

      // Escalated at once after the last attempt, to the city duty desk, once.
      const rows = (await t.db.query(
        `SELECT a.status, a.escalated_at, d.police_post_id AS desk, d.escalation_level,
                (SELECT count(*)::int FROM alerts c WHERE c.parent_alert_id = a.id) AS raised,
                (SELECT json_agg(e.data) FROM alert_events e
                  WHERE e.alert_id = a.id AND e.type = 'escalated') AS told
           FROM alerts a JOIN alerts d ON d.parent_alert_id = a.id WHERE a.id = $1`,
        [alertId],
      )) as Array<{
        status: string;
        escalated_at: Date;
        desk: string;
        escalation_level: number;
        raised: number;
        told: Array<{ cause: string }>;
      }>;
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        desk: DEMO_IDS.almatyDutyDesk,
        escalation_level: 1,
        raised: 1,
        told: [{ cause: 'undeliverable' }],
      });
      // Escalated at once: within a second of the last attempt, and of the longest stall.
      const lastGaveUp = seen[seen.length - 1].closedAt!;
      expect(rows[0].escalated_at.getTime() - lastGaveUp).toBeLessThan(1000 + lateBy);
    }
  }, 80000);
});
