import { Client } from 'pg';
import { QUEUE_JOBS } from '../src/jobs/queues';
import { freePort } from '../src/local/services';
import { bearer, startTestApp, TestApp } from './support/test-app';

const METRICS_TOKEN = 'scrape-7c1f0a9e4b2d4e8f9a6b3c5d';
const scrape = (t: TestApp) => t.http().get('/metrics').set(bearer(METRICS_TOKEN));
const UP = { postgres: { status: 'up' }, redis: { status: 'up' }, s3: { status: 'up' } };

describe('operations endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN });
  });
  afterAll(() => t.close());

  it('reports liveness and readiness of PostgreSQL, Redis and S3, up or down and nothing else', async () => {
    expect((await t.http().get('/health')).status).toBe(200);
    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', info: UP, error: {}, details: UP });
  });

  it('publishes OpenAPI generated from the code at /docs and /docs-json', async () => {
    const json = await t.http().get('/docs-json');
    expect(json.status).toBe(200);
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/facilities/{id}',
        '/api/v1/units/{id}/api-keys',
      ]),
    );
    expect(json.body.components.schemas.CreateFacilityDto.required).toEqual(
      expect.arrayContaining(['regionId', 'type', 'name', 'lat', 'lon', 'staffCount']),
    );
    const ui = await t.http().get('/docs/');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('exposes Prometheus metrics including request timings by route pattern', async () => {
    await t.http().get('/api/v1/regions');
    const res = await scrape(t);
    expect(res.status).toBe(200);
    expect(res.text).toContain('process_cpu_seconds_total');
    expect(res.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/regions",status="401"\} 1/,
    );
  });

  it('serves metrics only with METRICS_TOKEN as a bearer token, 401 to everyone else at once', async () => {
    const admin = await t.login('admin@demo.medguard.kz');
    const refused: Array<Record<string, string>> = [
      {},
      bearer('wrong'),
      bearer(`${METRICS_TOKEN}x`),
      bearer(METRICS_TOKEN.slice(0, -1)),
      bearer(admin),
      { Authorization: METRICS_TOKEN },
      { Authorization: `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}` },
      { Authorization: `Bearer ${METRICS_TOKEN} ${METRICS_TOKEN}` },
      { 'X-Api-Key': METRICS_TOKEN },
    ];
    const answers = await Promise.all([
      ...Array.from({ length: 3 }, () =>
        refused.map((h) => t.http().get('/metrics').set(h)),
      ).flat(),
      ...Array.from({ length: 10 }, () => scrape(t)),
      t.http().get('/metrics').set('Authorization', `bearer ${METRICS_TOKEN}`),
    ]);
    const denied = answers.slice(0, refused.length * 3);
    for (const res of denied) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', details: [] });
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(res.text).not.toContain('http_request_duration_seconds');
    }
    for (const res of answers.slice(refused.length * 3)) {
      expect(res.status).toBe(200);
      expect(res.text).toContain('process_cpu_seconds_total');
    }
  });

  it('reports queue depth to Prometheus', async () => {
    const res = await scrape(t);
    expect(res.text).toMatch(/queue_jobs\{queue="alert-delivery",state="waiting"\} \d+/);
  });

  it('serves the queue dashboard to admins only', async () => {
    expect((await t.http().get('/admin/queues')).status).toBe(401);
    const nurse = await t.login('nurse@demo.medguard.kz');
    expect((await t.http().get('/admin/queues').set(bearer(nurse))).status).toBe(403);
    const admin = await t.login('admin@demo.medguard.kz');
    const page = await t.http().get('/admin/queues').set(bearer(admin));
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
    const api = await t.http().get('/admin/queues/api/queues').set(bearer(admin));
    // Every queue the system declares, and nothing else.
    expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(
      Object.keys(QUEUE_JOBS).sort(),
    );
    expect(Object.keys(QUEUE_JOBS)).toContain('evidence');
  });

  it('tags every response with a request id, also on errors', async () => {
    const res = await t.http().get('/api/v1/facilities/not-a-uuid');
    expect(res.headers['x-request-id']).toMatch(/.{8,}/);
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });
});

describe('metrics without METRICS_TOKEN', () => {
  it('serves no metrics on the API port to anyone', async () => {
    const t = await startTestApp();
    try {
      const answers = await Promise.all(
        [{}, bearer(''), bearer('undefined'), bearer('null'), bearer(METRICS_TOKEN)].map((h) =>
          t.http().get('/metrics').set(h),
        ),
      );
      expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
      expect(answers.some((r) => r.text.includes('process_cpu_seconds_total'))).toBe(false);
    } finally {
      await t.close();
    }
  });
});

describe('readiness with a dependency down', () => {
  /** Nothing in the answer but up and down: no error texts, hosts, ports or bucket names. */
  const expectOnlyUpDown = (body: Record<string, unknown>, down: string, leaks: string[]) => {
    const entries = { ...(body.info as object), ...(body.failed as object) };
    expect(Object.keys(entries).sort()).toEqual(['postgres', 'redis', 's3']);
    for (const [name, entry] of Object.entries(entries))
      expect({ name, entry }).toEqual({
        name,
        entry: { status: name === down ? 'down' : 'up' },
      });
    const text = JSON.stringify(body);
    for (const leak of [...leaks, 'ECONNREFUSED', '127.0.0.1', 'Error', 'timeout'])
      expect({ leak, found: text.includes(leak) }).toEqual({ leak, found: false });
  };

  it('answers 503 naming Redis as down, with no error text, while the API keeps running', async () => {
    const port = await freePort();
    const t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${port}` });
    try {
      const res = await t.http().get('/health/ready');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 503, message: 'Not ready: redis' });
      expectOnlyUpDown(res.body, 'redis', [String(port)]);
      expect((await t.http().get('/health')).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('answers 503 naming S3 as down when the bucket is missing, with no error text', async () => {
    const t = await startTestApp({ S3_BUCKET: 'no-such-evidence-bucket' });
    try {
      const res = await t.http().get('/health/ready');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 503, message: 'Not ready: s3' });
      expectOnlyUpDown(res.body, 's3', ['no-such-evidence-bucket', 'NotFound', 'NoSuchBucket']);
    } finally {
      await t.close();
    }
  });

  it('answers 503 naming PostgreSQL as down when its database refuses connections, with no error text', async () => {
    const t = await startTestApp();
    const name = new URL(t.databaseUrl).pathname.slice(1);
    const admin = new Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`,
        [name],
      );
      const res = await t.http().get('/health/ready');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 503, message: 'Not ready: postgres' });
      expectOnlyUpDown(res.body, 'postgres', [name, 'database', 'connection']);
    } finally {
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
      await admin.end();
      await t.close();
    }
  });
});
