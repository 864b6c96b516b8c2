import { randomUUID } from 'node:crypto';
import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';
import { WebhookTestLimit } from '../src/alerts/webhook-test-limit';
import { Clock } from '../src/common/clock';
import { RedisService } from '../src/redis/redis.service';
import { testConfig } from './support/test-app';

/** Longer than a command of the application's Redis client may wait for its reply. */
const STALL_MS = 1500;
const redisUrl = new URL(process.env.REDIS_URL!);

/** Keeps the process busy, as a large JSON body or a burst of work on a loaded machine does. */
function stall(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy on purpose
  }
}

/** Where in the event loop's turn the stall comes: at once, in the next check phase, in a timer. */
const STALLS: Record<string, () => Promise<void>> = {
  'at once': async () => stall(STALL_MS),
  'in the next turn': () => new Promise((done) => setImmediate(() => done(stall(STALL_MS)))),
  'in a timer': () => new Promise((done) => setTimeout(() => done(stall(STALL_MS)), 10)),
};

/** Sends a command, stalls the process while its reply is on the way, and answers how it ended. */
async function outcomes(send: () => Promise<unknown>): Promise<Record<string, unknown>> {
  const ended: Record<string, unknown> = {};
  for (const [when, stallNow] of Object.entries(STALLS)) {
    const sent = send().then(
      (value) => ({ value }),
      (error: Error) => ({ error: error.message }),
    );
    await stallNow();
    ended[when] = await sent;
  }
  return ended;
}

/**
 * A TCP path to the test Redis that can go quiet: while `silent`, the bytes Redis sends back are
 * swallowed, as on a connection whose far end stopped answering.
 */
class QuietablePath {
  silent = false;
  private server?: Server;
  private readonly sockets: Socket[] = [];

  start(): Promise<string> {
    this.server = createServer((client) => {
      const upstream = connect(Number(redisUrl.port), redisUrl.hostname);
      this.sockets.push(client, upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.pipe(upstream);
      upstream.on('data', (chunk: Buffer) => {
        if (!this.silent) client.write(chunk);
      });
    });
    return new Promise((resolve) =>
      this.server!.listen(0, '127.0.0.1', () => {
        const url = new URL(redisUrl);
        url.port = String((this.server!.address() as AddressInfo).port);
        resolve(url.toString());
      }),
    );
  }

  stop(): void {
    this.sockets.forEach((s) => s.destroy());
    this.server?.close();
  }
}

async function connected(redis: RedisService): Promise<void> {
  for (let i = 0; i < 100 && !redis.connected; i++) await new Promise((r) => setTimeout(r, 20));
  expect(redis.connected).toBe(true);
}

describe('an API process that stalls while a Redis reply is on its way', () => {
  let redis: RedisService;
  beforeAll(async () => {
    redis = new RedisService(testConfig());
    await connected(redis);
  });
  afterAll(() => redis.onApplicationShutdown());

  it('reads the reply that arrived during the stall instead of calling it timed out', async () => {
    const pong = { value: 'PONG' };
    expect(await outcomes(() => redis.client.ping())).toEqual({
      'at once': pong,
      'in the next turn': pong,
      'in a timer': pong,
    });
  });

  it("still counts a post's test events: no 503 because the process was busy", async () => {
    const limit = new WebhookTestLimit(redis, new Clock());
    const postId = randomUUID();
    const taken = { value: undefined };
    expect(await outcomes(() => limit.take(postId))).toEqual({
      'at once': taken,
      'in the next turn': taken,
      'in a timer': taken,
    });
  });
});

describe('an API process whose Redis stops answering', () => {
  const path = new QuietablePath();
  let redis: RedisService;
  beforeAll(async () => {
    redis = new RedisService(testConfig({ REDIS_URL: await path.start() }));
    await connected(redis);
  });
  afterAll(async () => {
    redis.client.disconnect();
    path.stop();
  });

  it('gives up on a command after about a second, so its caller can degrade', async () => {
    path.silent = true;
    const started = Date.now();
    await expect(redis.client.get('anything')).rejects.toThrow('Command timed out');
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(waited).toBeLessThan(3000);
  });
});
