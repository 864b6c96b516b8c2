import { freePort } from '../src/local/services';
import { bearer, startTestApp, TestApp } from './support/test-app';

describe('operations endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports liveness and readiness of PostgreSQL, Redis and S3', async () => {
    expect((await t.http().get('/health')).status).toBe(200);
    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      info: { postgres: { status: 'up' }, redis: { status: 'up' }, s3: { status: 'up' } },
    });
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
    const res = await t.http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toContain('process_cpu_seconds_total');
    expect(res.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/regions",status="401"\} 1/,
    );
  });

  it('reports queue depth to Prometheus', async () => {
    const res = await t.http().get('/metrics');
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
    expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([
      'alert-delivery',
      'alert-escalation',
      'footage',
      'maintenance',
    ]);
  });

  it('tags every response with a request id, also on errors', async () => {
    const res = await t.http().get('/api/v1/facilities/not-a-uuid');
    expect(res.headers['x-request-id']).toMatch(/.{8,}/);
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });
});

describe('readiness without Redis', () => {
  it('answers 503 naming Redis as down while the API keeps running', async () => {
    const t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    try {
      const res = await t.http().get('/health/ready');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 503, message: 'Not ready: redis' });
      expect(res.body.failed.redis.status).toBe('down');
      expect(res.body.info.postgres.status).toBe('up');
      expect((await t.http().get('/health')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
