import { randomBytes } from 'node:crypto';
import { Agent, createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Endpoint } from '../lib/endpoint';

/**
 * Calls `send` at a fixed rate until `endAt` whatever the server does, measuring from when each
 * call was due; at most `maxInFlight` wait at once, beyond that a due call is counted as skipped.
 */
export async function pace(
  endpoint: Endpoint,
  perSecond: number,
  endAt: number,
  maxInFlight: number,
  send: () => Promise<number>,
): Promise<void> {
  const interval = 1000 / perSecond;
  const start = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; ; i++) {
    const due = start + i * interval;
    if (due >= endAt) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (inFlight.size >= maxInFlight) {
      endpoint.skipped++;
      continue;
    }
    const call: Promise<void> = send()
      .catch((error: NodeJS.ErrnoException) => {
        const code = error.code ?? error.message;
        endpoint.failures.set(code, (endpoint.failures.get(code) ?? 0) + 1);
        return 0;
      })
      .then((status) => endpoint.record(status, performance.now() - due))
      .finally(() => inFlight.delete(call));
    inFlight.add(call);
  }
  await Promise.all(inFlight);
}

/**
 * Idle connections are closed after 4 s, before the API's keep-alive timeout (5 s, Node's
 * default) closes them under a request being sent (which would show as ECONNRESET).
 */
const keepAlive = new Agent({ keepAlive: true, maxSockets: 64, timeout: 4000 });

/** One JSON request on a keep-alive connection; resolves with the status and the parsed body. */
export function json(
  port: number,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((done, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        agent: keepAlive,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // CSV and other non-JSON answers stay text.
          }
          done({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', fail);
    req.end(payload);
  });
}

const MIB = 1024 * 1024;
const FTYP = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');

/**
 * Footage of 5–50 MB: an MP4 header, a nonce (so no two files are alike) and a slice of one
 * random pool, streamed as `multipart/form-data` without copying the pool.
 */
export function footageUploader(port: number, token: string): () => Promise<number> {
  const pool = randomBytes(50 * MIB);
  return () => {
    const size = 5 * MIB + Math.floor(Math.random() * 45 * MIB);
    const offset = Math.floor(Math.random() * (pool.length - size));
    const boundary = `soak${randomBytes(8).toString('hex')}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="soak.mp4"\r\n` +
        `Content-Type: video/mp4\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const nonce = randomBytes(16);
    const body = pool.subarray(offset + FTYP.length + nonce.length, offset + size);
    const length = head.length + FTYP.length + nonce.length + body.length + tail.length;
    return new Promise<number>((done, fail) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/v1/footage',
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': length,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => done(res.statusCode ?? 0));
        },
      );
      req.on('error', fail);
      req.write(head);
      req.write(FTYP);
      req.write(nonce);
      req.write(body);
      req.end(tail);
    });
  };
}

/** A police post's webhook endpoint that fails a tenth of the requests with 500. */
export class FlakyReceiver {
  /** When each alert's webhook was first answered 2xx. */
  readonly delivered = new Map<string, number>();
  requests = 0;
  failed = 0;
  private server: Server | null = null;

  async start(failRate = 0.1): Promise<string> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        this.requests++;
        if (Math.random() < failRate) {
          this.failed++;
          res.writeHead(500).end();
          return;
        }
        const id = String(req.headers['webhook-id']).replace(/^alert_/, '');
        if (!this.delivered.has(id)) this.delivered.set(id, Date.now());
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }
}

/**
 * Police consoles: each holds the alert stream open and reconnects every `reconnectMs` with the
 * last event id it saw, as a browser tab does when its connection drops.
 */
export class Consoles {
  events = 0;
  connects = 0;
  /** Connections that were refused or broke before their time. */
  failures = 0;
  private stopped = false;
  private readonly open = new Set<() => void>();

  constructor(
    private readonly port: number,
    private readonly token: string,
  ) {}

  start(count: number, reconnectMs: number): void {
    for (let i = 0; i < count; i++) {
      // Staggered, so the reconnections are spread over the minute.
      setTimeout(() => void this.run(reconnectMs), (i * reconnectMs) / count);
    }
  }

  private async run(reconnectMs: number): Promise<void> {
    let lastId: string | undefined;
    while (!this.stopped) {
      lastId = await this.connectOnce(reconnectMs, lastId);
    }
  }

  private connectOnce(holdMs: number, lastId: string | undefined): Promise<string | undefined> {
    return new Promise((done) => {
      this.connects++;
      let seen = lastId;
      let buffer = '';
      let ended = false;
      const req = request({
        host: '127.0.0.1',
        port: this.port,
        path: '/api/v1/alerts/stream',
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: 'text/event-stream',
          ...(lastId ? { 'last-event-id': lastId } : {}),
        },
      });
      const finish = (failed: boolean) => {
        if (ended) return;
        ended = true;
        if (failed && !this.stopped) this.failures++;
        clearTimeout(timer);
        this.open.delete(close);
        req.destroy();
        // A failed connection waits a moment before trying again, as EventSource does.
        setTimeout(() => done(seen), failed ? 1000 : 0);
      };
      const close = () => finish(false);
      this.open.add(close);
      const timer = setTimeout(close, holdMs);
      req.on('response', (res) => {
        if (res.statusCode !== 200) return finish(true);
        res.on('data', (c: Buffer) => {
          buffer += c.toString();
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const id = /^id: *(.+)$/m.exec(block);
            if (id) seen = id[1];
            if (/^event: *(?!ping)/m.test(block)) this.events++;
          }
        });
        res.on('end', () => finish(!ended));
        res.on('error', () => finish(true));
      });
      req.on('error', () => finish(true));
      req.end();
    });
  }

  stop(): void {
    this.stopped = true;
    for (const close of [...this.open]) close();
  }
}
