import { ChildProcess } from 'node:child_process';
import { DEMO_IDS } from '../seeds/demo';
import { eventually } from './support/alert-stack';
import { report } from './support/incidents';
import { OwnRedis, spawnWorker, stopChild } from './support/own-redis';
import { bearer, startTestApp, TestApp } from './support/test-app';
import { ESCALATION_RUNGS } from './support/escalation-rungs';
import { pointCentralPostWebhookAt, WebhookReceiver } from './support/webhook-receiver';

/**
 * Acknowledgement deadlines shortened for the drill: a physical assault on one nurse gets 12 s,
 * less than a killed worker's deliveries take to be taken up again (its job locks must expire),
 * so those alerts are escalated before their webhook is sent again.
 */
const SCALE = '0.04';
const DEADLINE_MS = 12_000;

/**
 * The worker is SIGKILLed twice while it is delivering a burst of alerts (a new one started each
 * time, as a supervisor would). Every alert must still reach the post's receiver (a repeat only
 * ever with the same webhook-id), and every escalation that falls due must happen exactly once.
 */
describe('the worker killed twice under load', () => {
  const receiver = new WebhookReceiver();
  const redis = new OwnRedis();
  let t: TestApp;
  let worker: ChildProcess;
  let nurse: string;
  const settings = () => ({
    ...redis.settings,
    ALERT_DEADLINE_SCALE: SCALE,
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  });
  const startWorker = () => {
    worker = spawnWorker(t.databaseUrl, redis, { ...settings(), ALERT_SWEEP_MS: '5000' });
  };
  const kill = async () => {
    const exited = new Promise((r) => worker.once('exit', r));
    worker.kill('SIGKILL');
    await exited;
  };
  const fileMany = async (n: number) => {
    const filed = await Promise.all(
      Array.from({ length: n }, () =>
        t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report()),
      ),
    );
    expect(filed.map((r) => r.status)).toEqual(Array(n).fill(201));
    return filed.map((r) => ({ incident: r.body.id as string, alert: r.body.alerts[0].id }));
  };

  beforeAll(async () => {
    await redis.start();
    t = await startTestApp(settings());
    expect((await pointCentralPostWebhookAt(t, await receiver.start())).status).toBe(200);
    nurse = await t.login('nurse@demo.medguard.kz');
    startWorker();
  });
  afterAll(async () => {
    await stopChild(worker, 10000);
    await t.close();
    await redis.remove();
    await receiver.stop();
  });

  it('delivers every alert and escalates each due one exactly once', async () => {
    // Each answer takes a while, so deliveries are in flight when the worker dies.
    receiver.answerAfter(400);
    const filed = await fileMany(30);
    await receiver.waitFor(5);
    await kill();
    startWorker();
    filed.push(...(await fileMany(20)));
    const before = receiver.received.length;
    await receiver.waitFor(before + 5, 30000);
    await kill();
    startWorker();

    const alertIds = filed.map((f) => f.alert as string);
    // Every alert reaches the post, and is recorded as delivered.
    const recorded = () =>
      t.db
        .query(
          `SELECT count(*)::int AS n FROM alerts WHERE id = ANY($1) AND delivered_at IS NOT NULL`,
          [alertIds],
        )
        .then((rows: Array<{ n: number }>) => rows[0].n);
    expect(await eventually(recorded, (n) => n === alertIds.length, 40000)).toBe(alertIds.length);
    expect(alertIds.filter((id) => !receiver.ids().includes(`alert_${id}`))).toEqual([]);
    // A repeat is the same delivery again: one webhook-id per alert, the alert's own.
    const idsByAlert = new Map<string, Set<string>>();
    for (const r of receiver.received) {
      const alertId = JSON.parse(r.body).alertId as string;
      const ids = idsByAlert.get(alertId) ?? new Set<string>();
      idsByAlert.set(alertId, ids.add(String(r.headers['webhook-id'])));
    }
    for (const id of alertIds) expect([...idsByAlert.get(id)!]).toEqual([`alert_${id}`]);

    // Nobody acknowledges: each alert goes up to the city duty desk at its deadline, and the
    // desk's alert to the national desk at its own; each once, and never early.
    const ladders = () =>
      t.db.query(
        `SELECT a.id,
                ${ESCALATION_RUNGS},
                (SELECT count(*)::int FROM alerts c WHERE c.incident_id = a.incident_id) AS alerts
           FROM alerts a WHERE a.id = ANY($1)`,
        [alertIds],
      ) as Promise<
        Array<{
          id: string;
          alerts: number;
          rungs: Array<{
            post: string;
            level: number;
            late: number;
            told: number;
            announced: number;
          }> | null;
        }>
      >;
    const done = await eventually(
      ladders,
      (rows) => rows.every((r) => r.alerts === 3),
      2 * DEADLINE_MS + 15000,
    );
    // A moment for anything doubled to show.
    await new Promise((r) => setTimeout(r, 2000));
    const rows = await ladders();
    expect(rows).toHaveLength(alertIds.length);
    expect(done.every((r) => r.alerts === 3)).toBe(true);
    const lateness = rows.flatMap((r) => r.rungs!.map((rung) => Math.round(rung.late)));
    for (const row of rows) {
      expect(row.alerts).toBe(3);
      expect(row.rungs).toMatchObject([
        { post: DEMO_IDS.almatyDutyDesk, level: 1, told: 1, announced: 1 },
        { post: DEMO_IDS.nationalDutyDesk, level: 2, told: 1, announced: 1 },
      ]);
    }
    // Never early, and never lost to a kill: an escalation a killed worker held waits at most for
    // the new worker to start and sweep (every 5 s here), or for its job's lock to expire (15 s).
    expect(lateness.filter((ms) => ms < 0)).toEqual([]);
    expect(lateness.filter((ms) => ms >= 30000)).toEqual([]);
  }, 85000);
});
