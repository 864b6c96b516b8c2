import { DEMO_IDS } from '../seeds/demo';
import { eventually, startAlertStack } from './support/alert-stack';
import { BrowserSubscription, PushReceiver, subscribe } from './support/push';
import { TestSmsc } from './support/smsc';
import { bearer, TestApp } from './support/test-app';

const HOUR = 3600_000;
const PHONE = '+77013330001';
const HERE = { lat: 43.2389, lon: 76.8897, accuracyM: 12 };

/** An SOS reaches the officer on every channel: a push to the device and a text to the phone. */
describe('SOS on the push and SMS channels', () => {
  let smsc: TestSmsc;
  let stack: Awaited<ReturnType<typeof startAlertStack>>;
  let t: TestApp;
  const pushService = new PushReceiver();

  beforeAll(async () => {
    smsc = await TestSmsc.start();
    await pushService.start();
    stack = await startAlertStack(smsc.env());
    t = stack.api;
  });
  afterAll(async () => {
    await stack.close();
    await smsc.stop();
    await pushService.stop();
  });

  it('pushes and texts the officer on shift an SOS, with its reference and without the location', async () => {
    const admin = await t.login('admin@demo.medguard.kz');
    const post = DEMO_IDS.centralPost;
    const email = `sos-officer-${Date.now()}@channels.test`;
    const created = await t.http().post('/api/v1/users').set(bearer(admin)).send({
      email,
      fullName: 'Officer Channels',
      role: 'police',
      policePostId: post,
      password: 'Officer-sos-2026!',
      phone: PHONE,
    });
    expect(created.status).toBe(201);
    const now = Date.now();
    const shift = await t
      .http()
      .post(`/api/v1/police-posts/${post}/shifts`)
      .set(bearer(admin))
      .send({
        userId: created.body.id,
        from: new Date(now - HOUR).toISOString(),
        to: new Date(now + 12 * HOUR).toISOString(),
      });
    expect(shift.status).toBe(201);
    const officer = await t.login(email, 'Officer-sos-2026!');
    const device = new BrowserSubscription(pushService.endpoint('sos-officer'));
    expect((await subscribe(t, officer, device)).status).toBe(201);
    await eventually(
      async () => smsc.boundSessions,
      (n) => n >= 1,
    );

    const nurse = await t.login('nurse@demo.medguard.kz');
    const sent = await t
      .http()
      .post('/api/v1/sos')
      .set(bearer(nurse))
      .send({ facilityId: DEMO_IDS.centralHospital, ...HERE });
    expect(sent.status).toBe(201);
    const alert = (sent.body.alerts as Array<{ id: string; policePostId: string }>).find(
      (a) => a.policePostId === post,
    )!;

    const [pushed] = await pushService.waitFor(device.endpoint, 1);
    expect(pushed).toBeDefined();
    expect(pushed.headers.urgency).toBe('high');
    expect(device.decrypt(pushed.body)).toStrictEqual({
      type: 'sos.alert',
      alertId: alert.id,
      reference: sent.body.reference,
      category: null,
      priority: 1,
      facility: { name: expect.any(String) },
      place: { kind: expect.any(String) },
      url: `${t.config.publicUrl}/police?alert=${alert.id}`,
    });

    const [text] = await eventually(
      async () => smsc.texts.filter((m) => m.destination === PHONE.slice(1)),
      (texts) => texts.length > 0,
    );
    expect(text).toBeDefined();
    expect(text.text).toContain(sent.body.reference);
    expect(text.text).toContain('SOS');
    for (const leak of [String(HERE.lat), String(HERE.lon), '43.23', '76.88'])
      expect(text.text + JSON.stringify(device.decrypt(pushed.body))).not.toContain(leak);
  }, 60_000);
});
