import { createServer, connect, Server, Socket } from 'node:net';
import { AddressInfo } from 'node:net';
import { appWithClientsPerBlock } from './support/client-address';
import { DEMO_PASSWORDS } from './support/test-app';

/** How long Redis takes to come up after the process starts: longer than one command may wait. */
const COMING_UP_MS = 2500;
const redisUrl = new URL(process.env.REDIS_URL!);

/**
 * A TCP path to the test Redis that, for its first seconds, holds new connections before it passes
 * bytes, as a Redis still coming up (or a busy node) does when the API starts beside it.
 */
let comingUpUntil = 0;
const slowPath: { server?: Server; sockets: Socket[] } = { sockets: [] };
const ready = new Promise<string>((resolve) => {
  const server = createServer((client) => {
    slowPath.sockets.push(client);
    client.pause();
    setTimeout(
      () => {
        const upstream = connect(Number(redisUrl.port), redisUrl.hostname);
        slowPath.sockets.push(upstream);
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      },
      Math.max(0, comingUpUntil - Date.now()),
    );
  });
  slowPath.server = server;
  server.listen(0, '127.0.0.1', () => {
    const url = new URL(redisUrl);
    url.port = String((server.address() as AddressInfo).port);
    resolve(url.toString());
  });
});

describe('an API process whose Redis is slow to connect at start', () => {
  const overrides: Record<string, string> = { LOGIN_MAX_FAILURES: '3' };
  beforeAll(async () => {
    overrides.REDIS_URL = await ready;
    comingUpUntil = Date.now() + COMING_UP_MS;
  });
  const clients = appWithClientsPerBlock(overrides);
  afterAll(() => {
    slowPath.sockets.forEach((s) => s.destroy());
    slowPath.server?.close();
  });

  it('throttles its very first sign-ins: three wrong passwords, then the right one waits', async () => {
    const client = clients.from('127.0.0.3');
    const email = 'police@demo.medguard.kz';
    for (let i = 1; i <= 3; i++) {
      expect((await client.login(email, 'wrong-xxxxxxxxx')).status).toBe(401);
    }
    expect((await client.login(email, DEMO_PASSWORDS[email])).status).toBe(429);
  }, 30000);
});
