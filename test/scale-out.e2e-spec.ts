import { Job, Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { DEMO_IDS } from '../seeds/demo';
import { MaintenanceJob, QueueName } from '../src/jobs/queues';
import { redisConnectionOptions } from '../src/redis/redis.service';
import { eventually } from './support/alert-stack';
import { report } from './support/incidents';
import { ApiProcess, startProcesses, WorkerProcess } from './support/process-stack';
import { alertStream, SseClient } from './support/sse-client';
import { appEnv, runNode } from './support/run-node';
import { bearer, createTestBucket, createTestDatabase } from './support/test-app';
import { ESCALATION_RUNGS } from './support/escalation-rungs';
import { WEBHOOK_SECRET, WebhookReceiver } from './support/webhook-receiver';

/** Acknowledgement deadlines at 1 %: a physical assault's five minutes become 3 s per rung. */
const SCALE = '0.01';
/** How often the statistics are folded (maintenance.processor.ts). */
const FOLD_EVERY_MS = 10_000;

interface Filed {
  incident: string;
  alert: string;
  /** The API it was filed through. */
  via: number;
}

/**
 * Two API and two worker processes, built as they are deployed, on the suite's PostgreSQL, Redis
 * and S3 server (a database, bucket and key prefix of this file's own). Started once; the
 * scenarios run in order on them, the last ones reading what the first ones left behind.
 */
describe('two APIs and two workers on one PostgreSQL, Redis and S3', () => {
  const receiver = new WebhookReceiver();
  const prefix = `t${randomBytes(4).toString('hex')}`;
  let apis: ApiProcess[] = [];
  let workers: WorkerProcess[] = [];
  let db: Pool;
  let env: Record<string, string> = {};
  let startedAt = 0;
  let rolledUpBefore = 0;
  let incidentsBefore = 0;
  const all: Filed[] = [];
  let acknowledged: Filed;

  beforeAll(async () => {
    const [databaseUrl, bucket, hook] = await Promise.all([
      createTestDatabase(),
      createTestBucket(),
      receiver.start(),
    ]);
    db = new Pool({ connectionString: databaseUrl, max: 2 });
    rolledUpBefore = await rolledUp();
    incidentsBefore = await incidentCount();
    startedAt = Date.now();
    env = {
      DATABASE_URL: databaseUrl,
      S3_BUCKET: bucket,
      REDIS_KEY_PREFIX: prefix,
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      ALERT_DEADLINE_SCALE: SCALE,
      // Both workers sweep for due work every second, racing each other and the jobs.
      ALERT_SWEEP_MS: '1000',
      OUTBOX_POLL_MS: '500',
      DATABASE_POOL_SIZE: '8',
      LOG_LEVEL: 'error',
    };
    ({ apis, workers } = await startProcesses(env, { apis: 2, workers: 2 }));
    const admin = await apis[0].login('admin');
    const pointed = await apis[0]
      .http()
      .patch(`/api/v1/police-posts/${DEMO_IDS.centralPost}`)
      .set(bearer(admin))
      .send({ webhookUrl: hook, webhookSecret: WEBHOOK_SECRET });
    expect(pointed.status).toBe(200);
  }, 60000);
  afterAll(async () => {
    await Promise.all([...apis, ...workers].map((p) => p.stop()));
    await Promise.all([db?.end(), receiver.stop()]);
  });

  const incidentCount = async () =>
    ((await db.query(`SELECT count(*)::int AS n FROM incidents`)).rows[0] as { n: number }).n;

  /** Incidents counted in the monthly rollups, folded or still waiting as deltas. */
  async function rolledUp(): Promise<number> {
    const [row] = (
      await db.query(
        `SELECT (SELECT coalesce(sum(incidents), 0) FROM stats_incidents_monthly)
              + (SELECT coalesce(sum(incidents), 0) FROM stats_incident_deltas) AS n`,
      )
    ).rows as Array<{ n: string }>;
    return Number(row.n);
  }

  /** `n` reports sent at once, alternately through API 1 and API 2, by the nurse signed in on API 1. */
  async function fileAtOnce(n: number, label: string): Promise<Filed[]> {
    const nurse = await apis[0].login('nurse');
    const answers = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        apis[i % 2]
          .http()
          .post('/api/v1/incidents')
          .set(bearer(nurse))
          .send(report({ narrative: `${label}: report ${i}, filed through API ${(i % 2) + 1}.` })),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(n).fill(201));
    const filed = answers.map((r, i) => ({
      incident: r.body.id as string,
      alert: r.body.alerts[0].id as string,
      via: i % 2,
    }));
    all.push(...filed);
    return filed;
  }

  const deliveredCount = async (alerts: string[]) =>
    Number(
      (
        await db.query(
          `SELECT count(*) AS n FROM alerts WHERE id = ANY($1::uuid[]) AND delivered_at IS NOT NULL`,
          [alerts],
        )
      ).rows[0].n,
    );

  /** How often each webhook-id reached the receiver. */
  const receipts = () => {
    const counts = new Map<string, number>();
    for (const id of receiver.ids()) counts.set(id, (counts.get(id) ?? 0) + 1);
    return counts;
  };

  const alertIdsOn = (stream: SseClient, type: string) =>
    new Set(
      stream.events.filter((e) => e.event === type).map((e) => JSON.parse(e.data).id as string),
    );

  it('shows a report filed through either API on the console connected to the other, and delivers each alert to the webhook once', async () => {
    const [police1, police2] = [await apis[0].login('police'), await apis[1].login('police')];
    // Each console resumes from the start of the post's events, so when it opened does not matter.
    const consoles = [
      alertStream(apis[0].base, police1, '0'),
      alertStream(apis[1].base, police2, '0'),
    ];
    await Promise.all(consoles.map((c) => c.open()));
    expect(consoles.map((c) => c.status)).toEqual([200, 200]);
    try {
      // One report the post takes up at once, through the other API: it is never escalated.
      [acknowledged] = await fileAtOnce(1, 'acknowledged');
      const ack = await apis[1]
        .http()
        .post(`/api/v1/alerts/${acknowledged.alert}/ack`)
        .set(bearer(police2));
      expect(ack.status).toBe(200);

      const batch = await fileAtOnce(40, 'both APIs');
      const ids = batch.map((f) => f.alert);
      for (const [i, stream] of consoles.entries()) {
        const fromOther = batch.filter((f) => f.via !== i).map((f) => f.alert);
        const seen = await eventually(
          async () => alertIdsOn(stream, 'alert'),
          (got) => ids.every((id) => got.has(id)),
        );
        expect(fromOther.filter((id) => !seen.has(id))).toEqual([]);
        expect(ids.filter((id) => !seen.has(id))).toEqual([]);
      }

      expect(
        await eventually(
          () => deliveredCount(ids),
          (n) => n === ids.length,
        ),
      ).toBe(ids.length);
      const counts = receipts();
      expect(ids.map((id) => counts.get(`alert_${id}`) ?? 0)).toEqual(ids.map(() => 1));
    } finally {
      consoles.forEach((c) => c.close());
    }
  }, 40000);

  it('resumes a console on the other API from its Last-Event-ID, with nothing missed or repeated', async () => {
    const police = await apis[0].login('police');
    const first = alertStream(apis[0].base, police, '0');
    await first.open();
    const [opening] = await fileAtOnce(1, 'before the drop');
    await eventually(
      async () => alertIdsOn(first, 'alert'),
      (got) => got.has(opening.alert),
    );
    first.close();
    const lastSeen = first.events.at(-1)!.id!;

    // The connection drops and the console reconnects; the balancer sends it to the other API.
    const missed = await fileAtOnce(4, 'while away');
    const resumed = alertStream(apis[1].base, police, lastSeen);
    await resumed.open();
    try {
      const got = await eventually(
        async () => alertIdsOn(resumed, 'alert'),
        (ids) => missed.every((f) => ids.has(f.alert)),
      );
      expect(missed.filter((f) => !got.has(f.alert))).toEqual([]);
      const positions = resumed.events.map((e) => BigInt(e.id!));
      expect(positions.filter((p) => p <= BigInt(lastSeen))).toEqual([]);
      expect(new Set(positions).size).toBe(positions.length);
    } finally {
      resumed.close();
    }
  });

  it('files a report retried through both APIs at once with one Idempotency-Key exactly once', async () => {
    const nurse = await apis[0].login('nurse');
    const body = report({ narrative: 'Sent six times at once over a flaky connection.' });
    const send = (api: ApiProcess) =>
      api
        .http()
        .post('/api/v1/incidents')
        .set(bearer(nurse))
        .set('Idempotency-Key', `scale-${prefix}`)
        .send(body);
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => send(apis[i % 2])));
    // The first one in files it; the others are told to come back, or get its answer again.
    const created = answers.filter((r) => r.status === 201);
    expect(answers.filter((r) => r.status !== 201 && r.status !== 409)).toEqual([]);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    const again = await send(apis[1]);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(created[0].body.id);
    expect(await incidentCount()).toBe(incidentsBefore + all.length + 1);
    all.push({ incident: again.body.id, alert: again.body.alerts[0].id, via: 1 });
  });

  it('loses no alert when one of the two workers is killed while delivering', async () => {
    // Each answer takes a second, so both workers hold deliveries in flight when one dies.
    receiver.answerAfter(1000);
    const batch = await fileAtOnce(30, 'worker killed');
    // A worker has at most 16 deliveries to one post in flight (SLOTS_PER_POST): with more than
    // 16 unanswered at once, the one about to be killed holds some of them.
    const unanswered = () => receiver.received.filter((r) => r.at > Date.now() - 900).length;
    expect(
      await eventually(
        async () => unanswered(),
        (n) => n > 16,
      ),
    ).toBeGreaterThan(16);
    await workers[0].kill();
    // What the dead worker had sent may still be in the receiver's socket buffers for a moment.
    const sentByTheDead = Date.now() + 1000;

    const ids = batch.map((f) => f.alert);
    expect(
      await eventually(
        () => deliveredCount(ids),
        (n) => n === ids.length,
        40000,
      ),
    ).toBe(ids.length);
    receiver.answerAfter(0);
    // Each alert under its own webhook-id, so the receiver can drop a repeat; and only a delivery
    // the killed worker had already sent is ever sent again.
    const counts = receipts();
    expect(ids.filter((id) => !counts.has(`alert_${id}`))).toEqual([]);
    const repeated = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    const firstHeard = (id: string) =>
      receiver.received.find((r) => r.headers['webhook-id'] === id)!.at;
    expect(repeated.filter((id) => firstHeard(id) > sentByTheDead)).toEqual([]);
    // What the dead worker had sent but not recorded, the other sent again.
    expect(repeated.length).toBeGreaterThan(0);
    expect([...counts.values()].filter((n) => n > 2)).toEqual([]);
    expect(workers[1].running).toBe(true);
  }, 60000);

  it('escalates each unacknowledged alert once per rung, never early, and never an acknowledged one', async () => {
    interface Rung {
      post: string;
      level: number;
      late: number;
      told: number;
      announced: number;
    }
    const ladders = async () =>
      (
        await db.query(
          `SELECT a.id,
                  (SELECT count(*)::int FROM alerts c WHERE c.incident_id = a.incident_id) AS alerts,
                  ${ESCALATION_RUNGS}
             FROM alerts a WHERE a.id = ANY($1::uuid[])`,
          [all.filter((f) => f !== acknowledged).map((f) => f.alert)],
        )
      ).rows as Array<{ id: string; alerts: number; rungs: Rung[] | null }>;
    const rows = await eventually(ladders, (list) => list.every((r) => r.alerts === 3), 20000);
    expect(rows).toHaveLength(all.length - 1);
    for (const row of rows)
      expect({ alerts: row.alerts, rungs: row.rungs }).toMatchObject({
        alerts: 3,
        rungs: [
          { post: DEMO_IDS.almatyDutyDesk, level: 1, told: 1, announced: 1 },
          { post: DEMO_IDS.nationalDutyDesk, level: 2, told: 1, announced: 1 },
        ],
      });
    const early = rows.flatMap((r) => r.rungs!.filter((rung) => rung.late < 0));
    expect(early).toEqual([]);

    const ackd = await db.query(`SELECT status FROM alerts WHERE incident_id = $1`, [
      acknowledged.incident,
    ]);
    expect(ackd.rows).toEqual([{ status: 'acknowledged' }]);
  }, 30000);

  it('runs each periodic job once per period across both workers, and folds each report once', async () => {
    const queue = new Queue(QueueName.Maintenance, {
      connection: redisConnectionOptions(process.env.REDIS_URL!),
      prefix: `${prefix}:bull`,
    });
    try {
      const elapsed = Date.now() - startedAt;
      // Every run the workers took, whatever became of it (the next ones wait, delayed).
      const ran = (
        (await queue.getJobs(['completed', 'failed', 'active'])) as Array<Job | undefined>
      ).filter((j): j is Job => !!j);
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => s.key).sort()).toEqual(Object.values(MaintenanceJob).sort());

      // A scheduled run's id names its slot: `repeat:<scheduler>:<epoch ms>`.
      const folds = ran
        .filter((j) => j.name === MaintenanceJob.FoldStatistics)
        .map((j) => Number(j.id!.split(':').at(-1)))
        .sort((a, b) => a - b);
      expect(folds.length).toBeGreaterThanOrEqual(2);
      expect(folds.length).toBeLessThanOrEqual(Math.ceil(elapsed / FOLD_EVERY_MS) + 1);
      const gaps = folds.slice(1).map((at, i) => at - folds[i]);
      expect(gaps.filter((gap) => gap < FOLD_EVERY_MS * 0.9)).toEqual([]);

      // Every other job's period is longer than this file: each has run exactly once.
      const others = Object.values(MaintenanceJob).filter(
        (name) => name !== MaintenanceJob.FoldStatistics,
      );
      expect(
        Object.fromEntries(others.map((name) => [name, ran.filter((j) => j.name === name).length])),
      ).toEqual(Object.fromEntries(others.map((name) => [name, 1])));
    } finally {
      await queue.close();
    }

    // Folded, every report counts once in the statistics.
    const folded = await eventually(
      async () =>
        Number(
          (await db.query(`SELECT count(*) AS n FROM stats_incident_deltas`)).rows[0].n as string,
        ),
      (n) => n === 0,
      FOLD_EVERY_MS + 5000,
    );
    expect(folded).toBe(0);
    expect(await rolledUp()).toBe(rolledUpBefore + all.length);
  }, 30000);

  it('keeps one unbroken audit chain written by all four processes at once', async () => {
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM audit_log`)).rows;
    const verified = await runNode('cli/audit-verify.js', appEnv(env));
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    const lines = verified.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; inChain?: boolean; entries?: number });
    // The anchor the workers made, once, still names an entry of the chain.
    expect(lines.filter((l) => l.msg === 'audit anchor').map((l) => l.inChain)).toEqual([true]);
    expect(lines.at(-1)).toMatchObject({ msg: 'audit chain verified', anchors: 1 });
    expect(lines.at(-1)!.entries).toBeGreaterThanOrEqual(n);
  });
});
