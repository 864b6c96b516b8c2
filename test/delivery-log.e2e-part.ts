import { Webhook } from 'standardwebhooks';
import { DEMO_IDS } from '../seeds/demo';
import { regionId } from '../seeds/reference';
import { eventually, startAlertStack } from './support/alert-stack';
import { report } from './support/incidents';
import { OwnRedis } from './support/own-redis';
import { bearer, TestApp } from './support/test-app';
import { shiftClock } from './support/test-clock';
import { Received, WEBHOOK_SECRET, WebhookReceiver } from './support/webhook-receiver';

const POST = DEMO_IDS.centralPost;
const DESK = DEMO_IDS.almatyDutyDesk;
const HOUR = 3600_000;
const TIMEOUT_MS = 1500;

interface Delivery {
  id: string;
  alertId: string | null;
  kind: 'alert' | 'test';
  channel: string;
  outcome: string;
  responseCode: number | null;
  latencyMs: number | null;
  at: string;
  error: string | null;
  recipient: string | null;
}

/** The webhook log of a post, the signed test event, and the secret rotation with its overlap. */
describe('every channel on record', () => {
  let stack: Awaited<ReturnType<typeof startAlertStack>>;
  let t: TestApp;
  const receiver = new WebhookReceiver();
  const redis = new OwnRedis();
  let hookUrl: string;
  let admin: string;
  let police: string;
  let deskOfficer: string;
  let restoreClock = () => {};

  beforeAll(async () => {
    await redis.start();
    stack = await startAlertStack({ ...redis.settings, WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS) });
    t = stack.api;
    hookUrl = `${await receiver.start()}?token=receiver-token-123`;
    [admin, police, deskOfficer] = await t.loginAll('admin', 'police', 'dutydesk');
    await setSecret(WEBHOOK_SECRET);
  });
  afterEach(() => restoreClock());
  afterAll(async () => {
    await stack?.close();
    await receiver.stop();
    await redis.remove();
  });

  const setSecret = (webhookSecret: string) =>
    t
      .http()
      .patch(`/api/v1/police-posts/${POST}`)
      .set(bearer(admin))
      .send({ webhookUrl: hookUrl, webhookSecret })
      .expect(200);
  const rotate = (token = admin, post = POST) =>
    t.http().post(`/api/v1/police-posts/${post}/webhook-secret/rotate`).set(bearer(token));
  const sendTest = (token = police, post = POST) =>
    t.http().post(`/api/v1/police-posts/${post}/webhook/test`).set(bearer(token));
  const deliveries = (query = '', token = police, post = POST) =>
    t.http().get(`/api/v1/police-posts/${post}/deliveries${query}`).set(bearer(token));
  let shiftedBy = 0;
  const laterBy = (ms: number) => {
    restoreClock();
    shiftedBy = ms;
    restoreClock = shiftClock([t.app, stack.worker], ms);
  };

  /** Files a report at the central hospital and waits for its webhook to the central post. */
  async function alertDelivered(): Promise<{ alertId: string; got: Received }> {
    const nurse = await t.login('nurse@demo.medguard.kz');
    const filed = await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report());
    expect(filed.status).toBe(201);
    const alertId = (filed.body.alerts as Array<{ id: string; policePostId: string }>).find(
      (a) => a.policePostId === POST,
    )!.id;
    const got = await eventually(
      async () => receiver.received.find((r) => r.headers['webhook-id'] === `alert_${alertId}`),
      (r) => r !== undefined,
    );
    expect(got).toBeDefined();
    return { alertId, got: got! };
  }

  const verifies = (secret: string, got: Received) => {
    try {
      new Webhook(secret).verify(got.body, got.headers as Record<string, string>);
      return true;
    } catch {
      return false;
    }
  };
  const lastTestReceived = () =>
    [...receiver.received]
      .reverse()
      .find((r) => String(r.headers['webhook-id']).startsWith('test_'))!;
  /** Sends a test event and answers what the receiver got. */
  const testReceived = async (token = admin) => {
    const res = await sendTest(token);
    expect(res.status).toBe(200);
    return lastTestReceived();
  };

  describe('the delivery log', () => {
    it("lists the post's attempts newest first, page by page, with the alert they were for", async () => {
      const { alertId } = await alertDelivered();
      await eventually(
        async () => (await deliveries(`?alertId=${alertId}`)).body.items?.length ?? 0,
        (n) => n > 0,
      );
      await alertDelivered();
      const all = await deliveries();
      expect(all.status).toBe(200);
      const items = all.body.items as Delivery[];
      expect(items.length).toBeGreaterThanOrEqual(2);
      expect(items.map((d) => Number(d.id))).toEqual(
        [...items.map((d) => Number(d.id))].sort((a, b) => b - a),
      );
      const mine = (await deliveries(`?alertId=${alertId}`)).body.items as Delivery[];
      expect(mine).toEqual([
        expect.objectContaining({
          alertId,
          kind: 'alert',
          channel: 'webhook',
          outcome: 'delivered',
          responseCode: 200,
          latencyMs: expect.any(Number),
          at: expect.any(String),
          error: null,
        }),
      ]);

      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 20; page++) {
        const res: { status: number; body: { items: Delivery[]; nextCursor: string | null } } =
          await deliveries(`?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((d) => d.id));
        cursor = res.body.nextCursor;
        if (!cursor) break;
      }
      expect(seen).toEqual(items.map((d) => d.id));
    });

    it('narrows to a channel, and shows push and SMS attempts without endpoints, numbers or secrets', async () => {
      const officer = (
        await t.db.query(`SELECT id FROM users WHERE email = 'police@demo.medguard.kz'`)
      )[0].id as string;
      await t.db.query(
        `INSERT INTO alert_attempts (police_post_id, channel, outcome, response_code, latency_ms, error, recipient, message_id, receipt_status, receipt_at)
         VALUES ($1, 'sms', 'submitted', NULL, 40, 'resubmitted to +77011234567 via smpp://smsc.example:2775/?password=pw', $2, 'm-1', 'DELIVRD', now()),
                ($1, 'push', 'gone', 410, 25, 'https://fcm.googleapis.com/fcm/send/cap-token-xyz answered 410', 'https://fcm.googleapis.com/fcm/send/cap-token-xyz', NULL, NULL, NULL)`,
        [POST, officer],
      );
      const sms = await deliveries('?channel=sms');
      expect(sms.status).toBe(200);
      expect(sms.body.items).toEqual([
        expect.objectContaining({
          channel: 'sms',
          outcome: 'submitted',
          recipient: officer,
          receiptStatus: 'DELIVRD',
          receiptAt: expect.any(String),
        }),
      ]);
      const push = (await deliveries('?channel=push')).body.items as Delivery[];
      expect(push).toEqual([expect.objectContaining({ channel: 'push', outcome: 'gone' })]);
      expect(push[0].recipient).toBeNull();
      const text = JSON.stringify((await deliveries()).body);
      for (const leak of [
        '77011234567',
        'cap-token-xyz',
        'password=pw',
        'receiver-token-123',
        'whsec_',
      ])
        expect(text).not.toContain(leak);
      expect(
        (await deliveries('?channel=webhook')).body.items.map((d: Delivery) => d.channel),
      ).not.toContain('sms');
    });

    it('refuses bad filters naming the field', async () => {
      for (const [query, field] of [
        ['?channel=fax', 'channel'],
        ['?alertId=42', 'alertId'],
        ['?cursor=bm90LWEtY3Vyc29y', 'cursor'],
        ['?limit=0', 'limit'],
      ]) {
        const res = await deliveries(query);
        expect(res.status).toBe(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
    });

    it("is the post's own: admins see any post's, officers only theirs, other roles none", async () => {
      expect((await deliveries('', admin)).status).toBe(200);
      expect((await deliveries('', deskOfficer)).status).toBe(404);
      expect((await deliveries('', police, DESK)).status).toBe(404);
      expect((await deliveries('', admin, '00000000-0000-4000-8000-000000000000')).status).toBe(
        404,
      );
      const [staff, safety, ministry] = await t.loginAll('nurse', 'safety', 'ministry');
      for (const token of [staff, safety, ministry])
        expect((await deliveries('', token)).status).toBe(403);
    });
  });

  describe('the webhook test event', () => {
    it('sends a signed webhook.test now and answers with the recorded attempt', async () => {
      const res = await sendTest();
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        kind: 'test',
        alertId: null,
        channel: 'webhook',
        outcome: 'delivered',
        responseCode: 200,
        error: null,
      });
      const got = lastTestReceived();
      const event = new Webhook(WEBHOOK_SECRET).verify(
        got.body,
        got.headers as Record<string, string>,
      ) as Record<string, unknown>;
      expect(event).toEqual({
        type: 'webhook.test',
        policePostId: POST,
        sentAt: expect.any(String),
      });
      expect(Math.abs(Date.parse(String(event.sentAt)) - Date.now())).toBeLessThan(60_000);
      const listed = (await deliveries()).body.items[0] as Delivery;
      expect(listed).toEqual(res.body);
    });

    it("records what the receiver answered, and a receiver's silence within the webhook timeout", async () => {
      receiver.answerWith(500);
      const failed = await sendTest(admin);
      expect(failed.status).toBe(200);
      expect(failed.body).toMatchObject({
        outcome: 'failed',
        responseCode: 500,
        error: 'HTTP 500',
      });

      receiver.answerAfter(TIMEOUT_MS + 1000);
      const started = Date.now();
      let silent;
      try {
        silent = await sendTest(admin);
      } finally {
        receiver.answerAfter(0);
      }
      expect(silent.status).toBe(200);
      expect(silent.body).toMatchObject({ outcome: 'timeout', responseCode: null });
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1000);
    });

    it('is refused (422) for a post without a webhook, and for officers of another post (404)', async () => {
      const none = await sendTest(deskOfficer, DESK);
      expect(none.status).toBe(422);
      expect(none.body.details).toEqual([expect.objectContaining({ field: 'webhookUrl' })]);
      expect((await sendTest(deskOfficer, POST)).status).toBe(404);
      const [staff, safety] = await t.loginAll('nurse', 'safety');
      expect((await sendTest(staff)).status).toBe(403);
      expect((await sendTest(safety)).status).toBe(403);
    });

    it('sends nothing while the limit cannot be counted (Redis away), and again once it is back', async () => {
      laterBy(5 * 61_000);
      const before = receiver.received.length;
      await redis.stop();
      try {
        const res = await sendTest(admin);
        expect(res.status).toBe(503);
        expect(receiver.received.length).toBe(before);
      } finally {
        await redis.start();
      }
      const back = await eventually(
        () => sendTest(admin),
        (r) => r.status === 200,
      );
      expect(back.body.outcome).toBe('delivered');
    });

    /** A new post of Almaty whose webhook is the test receiver. */
    const webhookPost = async (name: string): Promise<string> => {
      const created = await t
        .http()
        .post('/api/v1/police-posts')
        .set(bearer(admin))
        .send({
          kind: 'post',
          name,
          regionId: regionId('KZ-75'),
          webhookUrl: hookUrl,
          webhookSecret: WEBHOOK_SECRET,
        })
        .expect(201);
      return created.body.id as string;
    };

    it('sends at most 6 a minute for a post, however many are asked for at once', async () => {
      const post = await webhookPost('Rate-limited post');
      const forPost = () => receiver.received.filter((r) => r.body.includes(post)).length;
      const answers = await Promise.all(Array.from({ length: 20 }, () => sendTest(admin, post)));
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses).toEqual([...Array(6).fill(200), ...Array(14).fill(429)]);
      const limited = answers.find((r) => r.status === 429)!;
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(forPost()).toBe(6);
      const rows = await t.db.query(
        `SELECT count(*)::int AS n FROM alert_attempts WHERE police_post_id = $1`,
        [post],
      );
      expect(rows[0].n).toBe(6);

      laterBy(61_000);
      expect((await sendTest(admin, post)).status).toBe(200);
      expect(forPost()).toBe(7);
    });

    it('counts the last 60 seconds, so a minute boundary does not let a second six through', async () => {
      const post = await webhookPost('Boundary post');
      // Half a second before a minute turns, on the application's clock.
      const now = Date.now() + shiftedBy;
      const beforeTurn = Math.ceil(now / 60_000) * 60_000 - 500 - now;
      laterBy(shiftedBy + beforeTurn);
      for (let i = 0; i < 6; i++) expect((await sendTest(admin, post)).status).toBe(200);
      // Two seconds later the clock's minute is a new one; the last 60 seconds still hold six.
      laterBy(shiftedBy + 2_000);
      const after = await Promise.all(Array.from({ length: 6 }, () => sendTest(admin, post)));
      expect(after.map((r) => r.status)).toEqual(Array(6).fill(429));
      laterBy(shiftedBy + 60_000);
      expect((await sendTest(admin, post)).status).toBe(200);
    });
  });

  describe('secret rotation', () => {
    // Each test in a minute of its own, so the test events it sends stay within the post's limit.
    let minutes = 10;
    beforeEach(async () => {
      laterBy(++minutes * 61_000);
      await setSecret(WEBHOOK_SECRET);
    });

    it('answers a new secret once; for 24 hours both secrets verify every delivery, then only the new', async () => {
      const res = await rotate();
      expect(res.status).toBe(200);
      const fresh = res.body.webhookSecret as string;
      expect(fresh).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(Date.parse(res.body.previousSecretSignsUntil) - Date.now()).toBeGreaterThan(
        24 * HOUR - 60_000,
      );
      const read = await t.http().get(`/api/v1/police-posts/${POST}`).set(bearer(admin));
      expect(JSON.stringify(read.body)).not.toContain(fresh.slice(6));
      expect(read.body.previousWebhookSecretSignsUntil).toBe(res.body.previousSecretSignsUntil);

      const { got } = await alertDelivered();
      expect(String(got.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(verifies(fresh, got)).toBe(true);
      expect(verifies(WEBHOOK_SECRET, got)).toBe(true);
      expect(verifies(WEBHOOK_SECRET, await testReceived(police))).toBe(true);

      laterBy(shiftedBy + 24 * HOUR + 60_000);
      const after = (await alertDelivered()).got;
      expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(verifies(fresh, after)).toBe(true);
      expect(verifies(WEBHOOK_SECRET, after)).toBe(false);
      const test = await testReceived(police);
      expect(verifies(WEBHOOK_SECRET, test)).toBe(false);
      expect(verifies(fresh, test)).toBe(true);
      const later = await t.http().get(`/api/v1/police-posts/${POST}`).set(bearer(admin));
      expect(later.body.previousWebhookSecretSignsUntil).toBeNull();
    });

    it('drops the oldest when rotated again during an overlap: never more than two sign', async () => {
      const second = (await rotate().expect(200)).body.webhookSecret as string;
      const third = (await rotate().expect(200)).body.webhookSecret as string;
      const got = await testReceived();
      expect(String(got.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(verifies(third, got)).toBe(true);
      expect(verifies(second, got)).toBe(true);
      expect(verifies(WEBHOOK_SECRET, got)).toBe(false);
    });

    it('ends the overlap when a secret is set by hand', async () => {
      const rotated = (await rotate().expect(200)).body.webhookSecret as string;
      const chosen = 'whsec_' + Buffer.from('a secret the admin typed in, 32b').toString('base64');
      const patched = await setSecret(chosen);
      expect(patched.body.previousWebhookSecretSignsUntil).toBeNull();
      const got = await testReceived();
      expect(String(got.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(verifies(chosen, got)).toBe(true);
      expect(verifies(rotated, got)).toBe(false);
      expect(verifies(WEBHOOK_SECRET, got)).toBe(false);
    });

    it('leaves a consistent pair after a dozen rotations at once, each answered secret signing or superseded', async () => {
      const answers = await Promise.all(Array.from({ length: 12 }, () => rotate()));
      expect(answers.map((r) => r.status)).toEqual(Array(12).fill(200));
      const secrets = answers.map((r) => r.body.webhookSecret as string);
      expect(new Set(secrets).size).toBe(12);
      const got = await testReceived();
      expect(String(got.headers['webhook-signature']).split(' ')).toHaveLength(2);
      const signing = secrets.filter((s) => verifies(s, got));
      expect(signing).toHaveLength(2);
      expect(verifies(WEBHOOK_SECRET, got)).toBe(false);

      const audited = await t.db.query(
        `SELECT details FROM audit_log WHERE action = 'police_post.webhook_secret_rotated' AND entity_id = $1`,
        [POST],
      );
      expect(audited.length).toBeGreaterThanOrEqual(12);
      const logged = JSON.stringify(audited);
      expect(logged).not.toContain('whsec_');
      for (const s of secrets) expect(logged).not.toContain(s.slice(6, 20));
    });

    it('is for admins only', async () => {
      expect((await rotate(police)).status).toBe(403);
      expect((await rotate(deskOfficer, DESK)).status).toBe(403);
      expect((await rotate(admin, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });
  });
});
