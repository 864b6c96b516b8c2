import { DEMO_IDS } from '../seeds/demo';
import { BrowserSubscription, PushReceiver, subscribe } from './support/push';
import { bearer, startTestApp, TestApp } from './support/test-app';

describe('subscribing devices to Web Push', () => {
  let t: TestApp;
  const receiver = new PushReceiver();
  let nurse: string;
  let police: string;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    await receiver.start();
    [nurse, police, admin] = await t.loginAll('nurse', 'police', 'admin');
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  const device = async (token: string) => {
    const browser = new BrowserSubscription(receiver.endpoint());
    const res = await subscribe(t, token, browser);
    expect(res.status).toBe(201);
    return { browser, id: res.body.id as string };
  };
  const subscriptionRows = (id: string) =>
    t.db.query('SELECT * FROM push_subscriptions WHERE id = $1', [id]);

  it('refuses endpoints outside PUSH_ALLOWED_HOSTS and keys that cannot encrypt, naming the field', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM push_subscriptions'))[0].n;
    const good = new BrowserSubscription(receiver.endpoint()).toJSON();
    const cases: Array<[object, string]> = [
      [{ ...good, endpoint: 'https://push.example.com/send/abc' }, 'endpoint'],
      [{ ...good, endpoint: 'https://10.1.2.3/push/abc' }, 'endpoint'],
      [{ ...good, endpoint: 'http://192.168.0.10:8080/push/abc' }, 'endpoint'],
      [{ ...good, endpoint: '/push/abc' }, 'endpoint'],
      [{ ...good, keys: { ...good.keys, p256dh: good.keys.auth } }, 'keys.p256dh'],
      [{ ...good, keys: { ...good.keys, auth: good.keys.p256dh } }, 'keys.auth'],
      [{ endpoint: good.endpoint }, 'keys'],
    ];
    const answers = await Promise.all(cases.map(([body]) => subscribe(t, police, body)));
    expect(
      answers.map((r) => [r.status, r.body.details?.map((d: { field: string }) => d.field)]),
    ).toEqual(cases.map(([, field]) => [400, [field]]));
    expect(answers[0].body.details[0].message).toContain('PUSH_ALLOWED_HOSTS');
    const after = (await t.db.query('SELECT count(*)::int AS n FROM push_subscriptions'))[0].n;
    expect(after).toBe(before);
  });

  it('keeps one row per endpoint under dozens of concurrent subscribes, bound to the last user', async () => {
    const browser = new BrowserSubscription(receiver.endpoint());
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => subscribe(t, police, browser)),
    );
    expect(new Set(answers.map((r) => r.status))).toEqual(new Set([201]));
    const ids = new Set(answers.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    const [id] = ids;
    const rebound = await subscribe(t, nurse, browser);
    expect(rebound.status).toBe(201);
    expect(rebound.body.id).toBe(id);
    const rows = await subscriptionRows(id);
    expect(rows).toHaveLength(1);
    const me = (await t.http().get('/api/v1/auth/me').set(bearer(nurse))).body.id;
    expect(rows[0].user_id).toBe(me);
    // The capability URL and keys are sealed at rest.
    const plain = await t.db.query(
      `SELECT count(*)::int AS n FROM push_subscriptions
        WHERE position(convert_to($1, 'UTF8') IN endpoint_enc) > 0
           OR position(convert_to($2, 'UTF8') IN keys_enc) > 0`,
      [browser.endpoint, browser.toJSON().keys.auth],
    );
    expect(plain[0].n).toBe(0);
  });

  it("refuses another account's claim on a device's endpoint unless it holds the device's keys", async () => {
    const officerDevice = await device(police);
    const [before] = await subscriptionRows(officerDevice.id);
    // Whoever saw the endpoint (a capability URL) but not the browser's keys cannot take it over.
    const thief = new BrowserSubscription(officerDevice.browser.endpoint);
    const claims = await Promise.all(
      Array.from({ length: 10 }, () => subscribe(t, nurse, thief.toJSON())),
    );
    expect(claims.map((r) => r.status)).toEqual(Array(10).fill(409));
    expect(claims[0].body.message).toMatch(/another account/);
    const [after] = await subscriptionRows(officerDevice.id);
    expect(after.user_id).toBe(before.user_id);
    expect(after.keys_enc).toEqual(before.keys_enc);
    // The same browser signing in as someone else (a shared duty phone) moves with its keys.
    const shared = await subscribe(t, nurse, officerDevice.browser);
    expect(shared.status).toBe(201);
    expect(shared.body.id).toBe(officerDevice.id);
  });

  it('keeps a user’s newest 20 devices', async () => {
    const email = `many-${Date.now()}@example.kz`;
    const created = await t.http().post('/api/v1/users').set(bearer(admin)).send({
      email,
      fullName: 'Many Devices',
      role: 'police',
      policePostId: DEMO_IDS.centralPost,
      password: 'Officer-pass-2026!',
    });
    expect(created.status).toBe(201);
    const token = await t.login(email, 'Officer-pass-2026!');
    const answers = await Promise.all(
      Array.from({ length: 25 }, () =>
        subscribe(t, token, new BrowserSubscription(receiver.endpoint())),
      ),
    );
    expect(answers.every((r) => r.status === 201)).toBe(true);
    const count = async () =>
      (
        await t.db.query('SELECT count(*)::int AS n FROM push_subscriptions WHERE user_id = $1', [
          created.body.id,
        ])
      )[0].n;
    expect(await count()).toBe(20);
    const newest = await subscribe(t, token, new BrowserSubscription(receiver.endpoint()));
    expect(await count()).toBe(20);
    expect(await subscriptionRows(newest.body.id)).toHaveLength(1);
  });

  it('lets only the subscriber unsubscribe; anyone else gets 404', async () => {
    const { id } = await device(police);
    for (const other of [nurse, admin]) {
      const res = await t.http().delete(`/api/v1/push-subscriptions/${id}`).set(bearer(other));
      expect(res.status).toBe(404);
    }
    expect(await subscriptionRows(id)).toHaveLength(1);
    const own = await t.http().delete(`/api/v1/push-subscriptions/${id}`).set(bearer(police));
    expect(own.status).toBe(204);
    expect(await subscriptionRows(id)).toEqual([]);
    const again = await t.http().delete(`/api/v1/push-subscriptions/${id}`).set(bearer(police));
    expect(again.status).toBe(404);
  });
});

describe('Web Push switched off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ VAPID_PUBLIC_KEY: '', VAPID_PRIVATE_KEY: '', VAPID_SUBJECT: '' });
  });
  afterAll(() => t.close());

  it('has no public key to give and takes no subscriptions', async () => {
    const police = await t.login('police@demo.medguard.kz');
    const key = await t.http().get('/api/v1/push/public-key').set(bearer(police));
    expect(key.status).toBe(404);
    expect(key.body.message).toContain('Web Push is not set up');
    const res = await subscribe(t, police, new BrowserSubscription('http://127.0.0.1:9/push/off'));
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('Web Push is not set up');
  });
});
