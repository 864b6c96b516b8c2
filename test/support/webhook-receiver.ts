import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DEMO_IDS } from '../../seeds/demo';
import { bearer, TestApp } from './test-app';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A police post's webhook endpoint: records what arrives and answers with scripted statuses (then 200). */
export class WebhookReceiver {
  readonly received: Received[] = [];
  private script: number[] = [];
  private delayMs = 0;
  private server: Server | null = null;
  port = 0;
  /** TCP connections accepted, whether or not a request followed. */
  connections = 0;

  answerWith(...statuses: number[]): void {
    this.script = statuses;
  }

  /** Holds every answer this long (requests are recorded as soon as their body has arrived). */
  answerAfter(ms: number): void {
    this.delayMs = ms;
  }

  /** Listens on a loopback address (`::1` for IPv6); returns the hook URL. */
  async start(host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
          at: Date.now(),
        });
        const status = this.script.shift() ?? 200;
        setTimeout(() => {
          res.writeHead(status);
          res.end();
        }, this.delayMs);
      });
    });
    this.server.on('connection', () => this.connections++);
    await new Promise<void>((ok) => this.server!.listen(0, host, ok));
    this.port = (this.server.address() as AddressInfo).port;
    return `http://${host.includes(':') ? `[${host}]` : host}:${this.port}/hook`;
  }

  async waitFor(count: number, timeoutMs = 15000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    return this.received;
  }

  ids(): string[] {
    return this.received.map((r) => String(r.headers['webhook-id']));
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }
}

export const WEBHOOK_SECRET =
  'whsec_' + Buffer.from('central city clinical hospital!!').toString('base64');

/** As the admin, points the central hospital post's webhook at this URL, with WEBHOOK_SECRET. */
export async function pointCentralPostWebhookAt(t: TestApp, webhookUrl: string) {
  const admin = await t.login('admin@demo.medguard.kz');
  return t
    .http()
    .patch(`/api/v1/police-posts/${DEMO_IDS.centralPost}`)
    .set(bearer(admin))
    .send({ webhookUrl, webhookSecret: WEBHOOK_SECRET });
}
