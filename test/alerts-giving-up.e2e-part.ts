import { AlertSweeper } from '../src/alerts/alert-sweeper.service';
import { DEMO_IDS } from '../seeds/demo';
import { eventually, startAlertStack } from './support/alert-stack';
import { report } from './support/incidents';
import { bearer } from './support/test-app';
import { pointCentralPostWebhookAt, WebhookReceiver } from './support/webhook-receiver';

/**
 * The sweep reads the undelivered alerts first and looks at each one's job after: with many
 * deliveries ending at once (a receiver down, a burst of reports), an alert's last attempt can
 * end between the two. A delivery given up must then stay given up.
 */
describe('an alert whose delivery was given up', () => {
  const receiver = new WebhookReceiver();
  let stack: Awaited<ReturnType<typeof startAlertStack>>;
  beforeAll(async () => {
    // Two attempts, and no sweep of its own during the test: the test takes the sweep's steps.
    stack = await startAlertStack({ WEBHOOK_DELIVERY_ATTEMPTS: '2', ALERT_SWEEP_MS: '600000' });
    expect((await pointCentralPostWebhookAt(stack.api, await receiver.start())).status).toBe(200);
  });
  afterAll(async () => {
    await stack.close();
    await receiver.stop();
  });

  it('is not queued again by a sweep that read it as undelivered just before it was given up', async () => {
    receiver.answerWith(...Array<number>(10).fill(500));
    const t = stack.api;
    const nurse = await t.login('nurse@demo.medguard.kz');
    const filed = await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report());
    expect(filed.status).toBe(201);
    const alert = (filed.body.alerts as Array<{ id: string; policePostId: string }>).find(
      (a) => a.policePostId === DEMO_IDS.centralPost,
    )!;
    const seen = () =>
      receiver.received.filter((r) => r.headers['webhook-id'] === `alert_${alert.id}`);
    // Both attempts answered 500: the worker gives up and escalates.
    const escalated = async () =>
      Number(
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM alerts WHERE id = $1 AND escalated_at IS NOT NULL`,
            [alert.id],
          )
        )[0].n,
      );
    expect(await eventually(escalated, (n) => n === 1, 20000)).toBe(1);
    expect(seen()).toHaveLength(2);

    // The sweep's next step for an alert its list held: the job has finished by now.
    const sweeper = stack.worker.get(AlertSweeper);
    expect(await sweeper.ensureDelivery({ id: alert.id, priority: 1 })).toBe(false);
    await new Promise((r) => setTimeout(r, 3000));
    expect(seen()).toHaveLength(2);
    const attempts = (await t.db.query(
      `SELECT count(*)::int AS n FROM alert_attempts WHERE alert_id = $1 AND channel = 'webhook'`,
      [alert.id],
    )) as Array<{ n: number }>;
    expect(attempts[0].n).toBe(2);
  });
});
