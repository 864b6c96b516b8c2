import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createServer as createTlsServer, Server as TlsServer } from 'node:tls';
import { DEMO_IDS } from '../seeds/demo';
import { eventually, startAlertStack } from './support/alert-stack';
import { report } from './support/incidents';
import { answerDns } from './support/test-dns';
import { bearer, TestApp } from './support/test-app';
import { pointCentralPostWebhookAt, WebhookReceiver } from './support/webhook-receiver';

const POST = DEMO_IDS.centralPost;
type Attempt = { alert_id: string; outcome: string; error: string | null };

/** Files `count` reports at once and waits until each one's alert has its first attempt. */
async function fileAndAttempt(t: TestApp, count: number): Promise<Attempt[]> {
  const nurse = await t.login('nurse@demo.medguard.kz');
  const filed = await Promise.all(
    Array.from({ length: count }, () =>
      t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report()),
    ),
  );
  filed.forEach((res) => expect(res.status).toBe(201));
  const alertIds = filed.map((res) => res.body.alerts[0].id as string);
  const attempts = await eventually(
    () =>
      t.db.query(
        `SELECT DISTINCT ON (alert_id) alert_id, outcome, error FROM alert_attempts
         WHERE alert_id = ANY($1) ORDER BY alert_id, id`,
        [alertIds],
      ) as Promise<Attempt[]>,
    (rows) => rows.length === count,
  );
  expect(attempts).toHaveLength(count);
  return attempts;
}

async function pointWebhookAt(t: TestApp, webhookUrl: string): Promise<void> {
  expect((await pointCentralPostWebhookAt(t, webhookUrl)).status).toBe(200);
}

describe('webhook connections, with this machine listed as 127.0.0.1 and localhost', () => {
  let stack: Awaited<ReturnType<typeof startAlertStack>>;
  let t: TestApp;
  const receiver = new WebhookReceiver();
  const ipv6Receiver = new WebhookReceiver();

  beforeAll(async () => {
    stack = await startAlertStack();
    t = stack.api;
    await receiver.start();
    await ipv6Receiver.start('::1');
  });
  afterAll(async () => {
    await stack.close();
    await receiver.stop();
    await ipv6Receiver.stop();
  });

  it('never reaches loopback through [::], even from a URL stored before the rules; the alerts escalate', async () => {
    await pointWebhookAt(t, `http://127.0.0.1:${receiver.port}/hook`);
    await t.db.query('UPDATE police_posts SET webhook_url = $1 WHERE id = $2', [
      `http://[::]:${ipv6Receiver.port}/hook`,
      POST,
    ]);
    const attempts = await fileAndAttempt(t, 6);
    expect(ipv6Receiver.connections).toBe(0);
    expect(ipv6Receiver.received).toHaveLength(0);
    for (const attempt of attempts)
      expect(attempt).toMatchObject({
        outcome: 'blocked',
        error: expect.stringContaining('not a public address (unspecified)'),
      });
    const escalated = await eventually(
      () =>
        t.db.query(
          `SELECT count(*)::int AS n FROM alerts WHERE parent_alert_id = ANY($1) AND police_post_id = $2`,
          [attempts.map((a) => a.alert_id), DEMO_IDS.almatyDutyDesk],
        ),
      (rows) => rows[0].n === attempts.length,
    );
    expect(escalated[0].n).toBe(attempts.length);
  });

  it('delivers to a listed name, resolved when the connection is made', async () => {
    await pointWebhookAt(t, `http://localhost:${receiver.port}/hook`);
    const before = receiver.received.length;
    const attempts = await fileAndAttempt(t, 3);
    expect(attempts.map((a) => a.outcome)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(receiver.received.length - before).toBe(3);
  });

  it('checks the receiver certificate against the host name, which it sends as SNI', async () => {
    const servernames: string[] = [];
    let requests = 0;
    const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', 'tls', name));
    const server: TlsServer = createTlsServer({
      key: fixture('localhost.key'),
      cert: fixture('localhost.crt'),
      SNICallback: (name, done) => {
        servernames.push(name);
        done(null, undefined);
      },
    });
    server.on('secureConnection', (socket) => socket.on('data', () => requests++));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const port = (server.address() as AddressInfo).port;
      await pointWebhookAt(t, `https://localhost:${port}/hook`);
      const [attempt] = await fileAndAttempt(t, 1);
      expect(attempt).toMatchObject({
        outcome: 'failed',
        error: expect.stringContaining('self-signed certificate'),
      });
      expect(servernames[0]).toBe('localhost');
      expect(requests).toBe(0);
    } finally {
      await new Promise((ok) => server.close(ok));
    }
  });
});

describe('webhook connections, with no host listed', () => {
  let stack: Awaited<ReturnType<typeof startAlertStack>>;
  let t: TestApp;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    stack = await startAlertStack({ WEBHOOK_ALLOWED_HOSTS: '' });
    t = stack.api;
    await receiver.start();
  });
  afterAll(async () => {
    await stack.close();
    await receiver.stop();
  });

  it('never connects to an internal address a name resolves to after it was checked (DNS rebinding)', async () => {
    // A DNS server under an attacker's control: a public address the first time it is asked,
    // this machine's loopback from then on.
    let asked = 0;
    const restore = answerDns([t.app, stack.worker], (host) =>
      host === 'localhost' ? (asked++ === 0 ? ['8.8.8.8'] : ['127.0.0.1']) : undefined,
    );
    try {
      await pointWebhookAt(t, `https://localhost:${receiver.port}/hook`);
      const attempts = await fileAndAttempt(t, 6);
      expect(receiver.connections).toBe(0);
      for (const attempt of attempts)
        expect(attempt).toMatchObject({
          outcome: 'blocked',
          error: expect.stringContaining('resolves to 127.0.0.1, not a public address (loopback)'),
        });
    } finally {
      restore();
    }
  });
});
