import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { DEMO_IDS } from '../seeds/demo';
import { MetricsService } from '../src/metrics/metrics.service';
import { eventually, startAlertStack } from './support/alert-stack';
import { captureStdout, CapturedOutput } from './support/captured-output';
import { CENTRAL_ADMISSION, report } from './support/incidents';
import { BrowserSubscription, PushReceiver, subscribe } from './support/push';
import { TestSmsc } from './support/smsc';
import { bearer, TestApp } from './support/test-app';
import { pointCentralPostWebhookAt, WebhookReceiver } from './support/webhook-receiver';

const run = randomBytes(3).toString('hex');
const MARKERS = {
  name: `Gulnara${run}Markerova`,
  narrative: `Narrative${run}: the marker narrative of this test`,
  witnesses: `Witness${run}Marker`,
  address: `Marker street ${run}`,
  description: `Perpetrator${run}Marker in a red coat`,
  lat: 43.2347718,
  lon: 76.9112934,
  sosLat: 43.2455161,
  sosLon: 76.9277582,
  sosAccuracy: 17.3511,
};
const needles = [
  MARKERS.name,
  `Gulnara${run}`,
  MARKERS.narrative,
  `Narrative${run}`,
  MARKERS.witnesses,
  MARKERS.address,
  `Perpetrator${run}`,
  ...[MARKERS.lat, MARKERS.lon, MARKERS.sosLat, MARKERS.sosLon, MARKERS.sosAccuracy].map(String),
];
const found = (haystack: string) => needles.filter((n) => haystack.includes(n));

/** Every value under the key prefix, whatever its type. */
async function redisValues(redis: IORedis, prefix: string): Promise<string> {
  const out: string[] = [];
  let cursor = '0';
  let rounds = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      if (type === 'string') out.push(String(await redis.get(key)));
      else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') out.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'set') out.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'zset') out.push(JSON.stringify(await redis.zrange(key, 0, -1)));
      else if (type === 'stream') out.push(JSON.stringify(await redis.xrange(key, '-', '+')));
      out.push(key);
    }
  } while (cursor !== '0' && ++rounds < 10_000);
  return out.join('\n');
}

describe('no plaintext copies of personal data', () => {
  let stack: Awaited<ReturnType<typeof startAlertStack>>;
  let t: TestApp;
  let out: CapturedOutput;
  const smsc = new TestSmsc();
  const push = new PushReceiver();
  const hook = new WebhookReceiver();
  const PHONE = '+77013334455';

  beforeAll(async () => {
    await smsc.listen();
    await push.start();
    const url = await hook.start();
    out = captureStdout();
    stack = await startAlertStack({
      ...smsc.env(),
      LOG_LEVEL: 'debug',
      METRICS_TOKEN: `metrics-${run}-0123456789`,
    });
    t = stack.api;
    expect((await pointCentralPostWebhookAt(t, url)).status).toBe(200);
    const admin = await t.login('admin@demo.medguard.kz');
    const officer = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({
        email: `officer-${run}@plain.test`,
        fullName: 'Officer on shift',
        role: 'police',
        policePostId: DEMO_IDS.centralPost,
        password: 'Officer-plain-2026!',
        phone: PHONE,
      });
    expect(officer.status).toBe(201);
    const shift = await t
      .http()
      .post(`/api/v1/police-posts/${DEMO_IDS.centralPost}/shifts`)
      .set(bearer(admin))
      .send({
        userId: officer.body.id,
        from: new Date(Date.now() - 3600_000).toISOString(),
        to: new Date(Date.now() + 12 * 3600_000).toISOString(),
      });
    expect(shift.status).toBe(201);
    await eventually(
      async () => smsc.boundSessions,
      (n) => n >= 1,
    );
  });
  afterAll(async () => {
    out.restore();
    await stack.close();
    await Promise.all([smsc.stop(), push.stop(), hook.stop()]);
  });

  it('a marked report and SOS leave no trace in logs, Redis, webhooks, pushes, texts, metrics or the idempotency store', async () => {
    const police = await t.login('police@demo.medguard.kz');
    const browser = new BrowserSubscription(push.endpoint());
    expect((await subscribe(t, police, browser)).status).toBe(201);
    const nurse = await t.login('nurse@demo.medguard.kz');

    const filed = await t
      .http()
      .post('/api/v1/incidents')
      .set(bearer(nurse))
      .set('Idempotency-Key', `plain-${run}`)
      .send(
        report({
          place: {
            kind: 'admission_department',
            address: MARKERS.address,
            lat: MARKERS.lat,
            lon: MARKERS.lon,
          },
          victims: [{ role: 'nurse', injury: 'minor', fullName: MARKERS.name }],
          perpetrators: { type: 'relative', count: 1, description: MARKERS.description },
          narrative: MARKERS.narrative,
          witnesses: MARKERS.witnesses,
        }),
      );
    expect(filed.status).toBe(201);
    const sos = await t
      .http()
      .post('/api/v1/sos')
      .set(bearer(nurse))
      .set('Idempotency-Key', `plain-sos-${run}`)
      .send({
        facilityId: DEMO_IDS.centralHospital,
        unitId: CENTRAL_ADMISSION,
        lat: MARKERS.sosLat,
        lon: MARKERS.sosLon,
        accuracyM: MARKERS.sosAccuracy,
      });
    expect(sos.status).toBe(201);
    // A bad request with the marker in it is logged as a problem, never with its values.
    const bad = await t
      .http()
      .post('/api/v1/incidents')
      .set(bearer(nurse))
      .send(report({ narrative: MARKERS.narrative, occurredAt: 'not a time' }));
    expect(bad.status).toBe(400);

    // Every channel delivers both: the report's alert and the SOS's.
    const hooks = await hook.waitFor(2);
    const pushes = await push.waitFor(browser.endpoint, 2);
    const texts = await eventually(
      async () => smsc.texts.filter((m) => m.destination === PHONE.slice(1)),
      (m) => m.length >= 2,
    );
    expect([hooks.length, pushes.length, texts.length]).toEqual([2, 2, 2]);
    // The console still shows the officer where to go, from the signed-in API.
    const console = await t.http().get('/api/v1/alerts').set(bearer(police));
    const shown = JSON.stringify(console.body);
    expect(shown).toContain(MARKERS.address);
    expect(shown).toContain(String(MARKERS.sosLat));

    const metrics = [
      (
        await t
          .http()
          .get('/metrics')
          .set(bearer(`metrics-${run}-0123456789`))
      ).text,
      await stack.worker.get(MetricsService).registry.metrics(),
    ].join('\n');
    const redis = new IORedis(process.env.REDIS_URL!, { lazyConnect: true });
    await redis.connect();
    let keys: string;
    try {
      keys = await redisValues(redis, t.config.redis.keyPrefix);
    } finally {
      redis.disconnect();
    }
    const idempotency = (
      (await t.db.query(`SELECT t::text AS row FROM idempotency_keys t`)) as Array<{ row: string }>
    )
      .map((r) => r.row)
      .join('\n');
    expect(idempotency).toContain(`plain-${run}`);
    // The API and the worker did log (at debug level) while all of this happened.
    expect(out.lines().filter((l) => l.includes('worker-test')).length).toBeGreaterThan(0);
    expect(out.lines().filter((l) => l.includes('api-test')).length).toBeGreaterThan(0);

    expect({
      logs: found(out.lines().join('\n')),
      redis: found(keys),
      webhooks: found(hooks.map((h) => h.body).join('\n')),
      pushes: found(pushes.map((p) => JSON.stringify(browser.decrypt(p.body))).join('\n')),
      texts: found(texts.map((m) => m.text).join('\n')),
      metrics: found(metrics),
      idempotency: found(idempotency),
    }).toEqual({
      logs: [],
      redis: [],
      webhooks: [],
      pushes: [],
      texts: [],
      metrics: [],
      idempotency: [],
    });
  }, 60000);
});
