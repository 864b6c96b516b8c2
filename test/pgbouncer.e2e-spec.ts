import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { DEMO_IDS } from '../seeds/demo';
import { eventually } from './support/alert-stack';
import { report } from './support/incidents';
import { startPgBouncer, PgBouncerHandle } from './support/pgbouncer';
import { ApiProcess, startProcesses, WorkerProcess } from './support/process-stack';
import { appEnv, runNode } from './support/run-node';
import { bearer, createTestBucket, createTestDatabase } from './support/test-app';
import { WEBHOOK_SECRET, WebhookReceiver } from './support/webhook-receiver';

/** The statistics' fold lock (rollups.service.ts). */
const STATS_LOCK = 7_158_001;

/**
 * The API and the worker with DATABASE_URL through PgBouncer in transaction mode, as a shared
 * platform's pooler runs: each transaction may land on another server connection. With
 * DATABASE_NAMED_STATEMENTS=false (PgBouncer before 1.21 cannot keep a connection's prepared
 * statements) and the outbox's LISTEN on DATABASE_LISTEN_URL, a session connection.
 */
describe('through PgBouncer in transaction mode', () => {
  const receiver = new WebhookReceiver();
  let bouncer: PgBouncerHandle;
  let api: ApiProcess;
  let worker: WorkerProcess;
  let db: Pool;
  let env: Record<string, string> = {};

  beforeAll(async () => {
    const [databaseUrl, bucket, hook] = await Promise.all([
      createTestDatabase(),
      createTestBucket(),
      receiver.start(),
    ]);
    db = new Pool({ connectionString: databaseUrl, max: 2 });
    // Fewer server connections than the API's pool: transactions share them.
    bouncer = await startPgBouncer(databaseUrl, { poolSize: 4 });
    env = {
      DATABASE_URL: bouncer.url,
      DATABASE_NAMED_STATEMENTS: 'false',
      DATABASE_LISTEN_URL: databaseUrl,
      DATABASE_POOL_SIZE: '12',
      S3_BUCKET: bucket,
      REDIS_KEY_PREFIX: `t${randomBytes(4).toString('hex')}`,
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      // Only the LISTEN wakes the relay within the test's wait: the poll is a minute away.
      OUTBOX_POLL_MS: '60000',
      LOG_LEVEL: 'error',
    };
    const started = await startProcesses(env, { apis: 1, workers: 1 });
    [api] = started.apis;
    [worker] = started.workers;
    const admin = await api.login('admin');
    const pointed = await api
      .http()
      .patch(`/api/v1/police-posts/${DEMO_IDS.centralPost}`)
      .set(bearer(admin))
      .send({ webhookUrl: hook, webhookSecret: WEBHOOK_SECRET });
    expect(pointed.status).toBe(200);
  }, 90000);
  afterAll(async () => {
    await Promise.all([api, worker].filter(Boolean).map((p) => p.stop()));
    await bouncer?.stop();
    await Promise.all([db?.end(), receiver.stop()]);
  });

  async function fileAtOnce(n: number, label: string): Promise<string[]> {
    const nurse = await api.login('nurse');
    const answers = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        api
          .http()
          .post('/api/v1/incidents')
          .set(bearer(nurse))
          .send(report({ narrative: `${label}: report ${i}.` })),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(n).fill(201));
    expect(new Set(answers.map((r) => r.body.reference)).size).toBe(n);
    return answers.map((r) => r.body.alerts[0].id as string);
  }

  const count = async (sql: string, values: unknown[] = []) =>
    Number(((await db.query(sql, values)).rows[0] as { n: string }).n);

  it('files dozens of reports at once, each with its footage requests, and delivers every alert once, woken by LISTEN', async () => {
    const alerts = await fileAtOnce(40, 'pooled');
    await eventually(
      async () => new Set(receiver.ids()).size,
      (n) => n >= 40,
      15000,
    );
    expect(receiver.ids()).toHaveLength(40);
    expect(new Set(receiver.ids())).toEqual(new Set(alerts.map((a) => `alert_${a}`)));
    // Each report asked the admission department's recorders, in its own transaction.
    expect(
      await count(
        `SELECT count(DISTINCT r.incident_id) AS n FROM footage_requests r
           JOIN alerts a ON a.incident_id = r.incident_id WHERE a.id = ANY($1::uuid[])`,
        [alerts],
      ),
    ).toBe(40);
  });

  it('rebuilds the statistics through the pooler while reports arrive, leaves no lock held, and folding goes on', async () => {
    const [rebuilt] = await Promise.all([
      runNode('cli/stats-rebuild.js', appEnv({ ...env, DATABASE_URL: bouncer.url }), [], 60000),
      fileAtOnce(20, 'during the rebuild'),
    ]);
    expect(rebuilt.code).toBe(0);
    await fileAtOnce(5, 'after the rebuild');
    // A fold holds the lock for the moment it runs; one left held (on a connection the pooler
    // gave someone else) would be there for good.
    const advisoryLocks = () =>
      count(`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = $1`, [
        STATS_LOCK,
      ]);
    expect(await eventually(advisoryLocks, (n) => n === 0, 5000)).toBe(0);
    // Every incident is counted once, and the worker's fold empties the deltas.
    const folded = await eventually(
      async () => ({
        deltas: await count(`SELECT count(*) AS n FROM stats_incident_deltas`),
        rolledUp: await count(
          `SELECT coalesce(sum(incidents), 0) AS n FROM stats_incidents_monthly`,
        ),
        incidents: await count(`SELECT count(*) AS n FROM incidents`),
      }),
      (c) => c.deltas === 0 && c.rolledUp === c.incidents,
      30000,
    );
    expect(folded.deltas).toBe(0);
    expect(folded.rolledUp).toBe(folded.incidents);
  }, 90000);
});
