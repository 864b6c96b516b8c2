import { createECDH, createPublicKey, ECDH, randomBytes, verify } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { bearer, TestApp } from './test-app';
// http_ece has no type declarations; its decrypt is all the tests use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ece = require('http_ece') as {
  decrypt(body: Buffer, params: { version: string; privateKey: ECDH; authSecret: Buffer }): Buffer;
};

/** A browser's side of a subscription: its P-256 key pair and auth secret, and the JSON it sends. */
export class BrowserSubscription {
  readonly ecdh = createECDH('prime256v1');
  readonly authSecret = randomBytes(16);

  constructor(readonly endpoint: string) {
    this.ecdh.generateKeys();
  }

  toJSON() {
    return {
      endpoint: this.endpoint,
      expirationTime: null,
      keys: {
        p256dh: this.ecdh.getPublicKey().toString('base64url'),
        auth: this.authSecret.toString('base64url'),
      },
    };
  }

  /** Decrypts an aes128gcm push body (RFC 8291) as the browser would. */
  decrypt(body: Buffer): unknown {
    const plain = ece.decrypt(body, {
      version: 'aes128gcm',
      privateKey: this.ecdh,
      authSecret: this.authSecret,
    });
    return JSON.parse(plain.toString('utf8'));
  }
}

export interface PushRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  at: number;
}

/**
 * A push service on loopback: records each message per endpoint path and answers 201 Created,
 * or the statuses scripted for that path first.
 */
export class PushReceiver {
  readonly received: PushRequest[] = [];
  private readonly scripts = new Map<string, number[]>();
  private server: Server | null = null;
  private base = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.received.push({
          path,
          headers: req.headers,
          body: Buffer.concat(chunks),
          at: Date.now(),
        });
        const status = this.scripts.get(path)?.shift() ?? 201;
        res.writeHead(status, status === 201 ? { Location: `${this.base}/message/1` } : {});
        res.end();
      });
    });
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A fresh endpoint URL on this receiver. */
  endpoint(name = randomBytes(8).toString('hex')): string {
    return `${this.base}/push/${name}`;
  }

  answer(endpoint: string, ...statuses: number[]): void {
    this.scripts.set(new URL(endpoint).pathname, statuses);
  }

  to(endpoint: string): PushRequest[] {
    const path = new URL(endpoint).pathname;
    return this.received.filter((r) => r.path === path);
  }

  async waitFor(endpoint: string, count: number, timeoutMs = 15000): Promise<PushRequest[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.to(endpoint).length < count && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    return this.to(endpoint);
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }
}

/** Subscribes the device (or sends any body) as the token's user; returns the answer. */
export function subscribe(t: TestApp, token: string, subscription: object) {
  const body = JSON.parse(JSON.stringify(subscription)) as object;
  return t.http().post('/api/v1/push-subscriptions').set(bearer(token)).send(body);
}

/** Verifies RFC 8292's `vapid t=<jwt>, k=<key>` as a push service does; returns the JWT's claims. */
export function vapidClaims(authorization: string, expectedKey: string): Record<string, unknown> {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization);
  if (!m) throw new Error(`not a VAPID Authorization header: ${authorization}`);
  const [, jwt, key] = m;
  expect(key).toBe(expectedKey);
  const [header, claims, signature] = jwt.split('.');
  expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
    typ: 'JWT',
    alg: 'ES256',
  });
  const point = Buffer.from(key, 'base64url');
  const publicKey = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  const signed = verify(
    'sha256',
    Buffer.from(`${header}.${claims}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  expect(signed).toBe(true);
  return JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>;
}
