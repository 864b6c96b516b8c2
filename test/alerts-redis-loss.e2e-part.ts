import { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { DEMO_IDS } from '../seeds/demo';
import { eventually } from './support/alert-stack';
import { report } from './support/incidents';
import { OwnRedis, spawnWorker, stopChild, untilConsuming } from './support/own-redis';
import { bearer, startTestApp, TestApp } from './support/test-app';
import { pointCentralPostWebhookAt, WebhookReceiver } from './support/webhook-receiver';

/** Acknowledgement deadlines shortened for the drill: an attack on two workers gets 3 seconds. */
const SCALE = '0.025';

/**
 * Redis is not the record of what is due: with AOF `everysec` it can lose its last second, and an
 * operator can flush it. Here, once an alert has been relayed to the queues, its Redis (this
 * file's own) is emptied with FLUSHALL; the webhook must still arrive and the escalation must
 * still happen at its deadline, from what the database says.
 */
describe('alert work after Redis loses its data', () => {
  const receiver = new WebhookReceiver();
  const redis = new OwnRedis();
  let t: TestApp;
  let worker: ChildProcess;

  beforeAll(async () => {
    await redis.start();
    const settings = {
      ...redis.settings,
      ALERT_DEADLINE_SCALE: SCALE,
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    };
    t = await startTestApp(settings);
    const url = await receiver.start();
    await pointCentralPostWebhookAt(t, url);
    worker = spawnWorker(t.databaseUrl, redis, { ...settings, ALERT_SWEEP_MS: '300' });
    await untilConsuming(redis);
  }, 60000);
  afterAll(async () => {
    await stopChild(worker, 10000);
    await t.close();
    await redis.remove();
    await receiver.stop();
  });

  /** An attack on two medical workers: the shortest deadline, 3 s in this drill. */
  const fileAttackOnTwo = async () =>
    t
      .http()
      .post('/api/v1/incidents')
      .set(bearer(await t.login('nurse@demo.medguard.kz')))
      .send(
        report({
          victims: [
            { role: 'nurse', injury: 'minor' },
            { role: 'doctor', injury: 'minor' },
          ],
        }),
      );

  it('still delivers the webhook and escalates on time after FLUSHALL', async () => {
    // The receiver fails the first attempt, so the delivery waits in Redis for its retry.
    receiver.answerWith(500);
    const filed = await fileAttackOnTwo();
    expect(filed.status).toBe(201);
    expect(filed.body.classification.category).toBe('assault_multiple');
    const alertId = filed.body.alerts[0].id as string;
    await receiver.waitFor(1);
    const flusher = new Redis(redis.url);
    await flusher.flushall();
    const flushedAt = Date.now();
    await flusher.quit();

    const [second] = (await receiver.waitFor(2, 10000)).slice(1);
    expect(second?.headers['webhook-id']).toBe(`alert_${alertId}`);
    expect(second.at - flushedAt).toBeLessThan(5000);

    const escalated = await eventually(
      () =>
        t.db.query(
          `SELECT a.deadline_at, a.escalated_at, a.status, d.police_post_id AS desk, d.escalation_level
             FROM alerts a LEFT JOIN alerts d ON d.parent_alert_id = a.id WHERE a.id = $1`,
          [alertId],
        ),
      (rows) => rows[0]?.desk !== null,
      15000,
    );
    expect(escalated[0]).toMatchObject({
      status: 'escalated',
      desk: DEMO_IDS.almatyDutyDesk,
      escalation_level: 1,
    });
    const lateMs = escalated[0].escalated_at.getTime() - escalated[0].deadline_at.getTime();
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(1500);
  }, 40000);

  it('still delivers to the first post an alert that escalated before its webhook got through', async () => {
    // The receiver keeps failing until the deadline has escalated the alert; then Redis loses
    // the waiting retry, and the receiver recovers.
    receiver.answerWith(...Array.from({ length: 40 }, () => 500));
    const filed = await fileAttackOnTwo();
    expect(filed.status).toBe(201);
    const alertId = filed.body.alerts[0].id as string;
    await eventually(
      () => t.db.query(`SELECT status FROM alerts WHERE id = $1`, [alertId]),
      (rows) => rows[0]?.status === 'escalated',
      15000,
    );
    const flusher = new Redis(redis.url);
    await flusher.flushall();
    await flusher.quit();
    receiver.answerWith();
    const before = receiver.received.length;

    const delivered = await eventually(
      () => t.db.query(`SELECT status, delivered_at FROM alerts WHERE id = $1`, [alertId]),
      (rows) => rows[0]?.delivered_at !== null,
      15000,
    );
    expect(delivered[0].status).toBe('escalated');
    const after = receiver.received.slice(before).map((r) => r.headers['webhook-id']);
    expect(after).toContain(`alert_${alertId}`);
  }, 40000);
});
