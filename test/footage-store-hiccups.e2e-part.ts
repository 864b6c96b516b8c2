import { createServer, IncomingMessage, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ObjectStorage } from '../src/storage/object-storage.service';
import { eventually } from './support/alert-stack';
import { footageObjectKey, pendingUploadIds, uploadFootage } from './support/footage';
import { mp4, sha256 } from './support/media';
import { startTestApp, TestApp } from './support/test-app';

const MiB = 1024 * 1024;
const store = new URL(process.env.S3_ENDPOINT!);

/** How S3 answers a request it failed on its side: the client may send it again. */
const INTERNAL_ERROR =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code>' +
  '<Message>We encountered an internal error. Please try again.</Message></Error>';

/**
 * The path from the API to the S3 server, able to fail chosen requests as a store's node does
 * when it restarts: the request's bytes are read, then answered 500.
 */
class StorePath {
  /** Every request the API sent the store, as `METHOD path?query`. */
  readonly seen: string[] = [];
  private failures: Array<{ matches: (line: string) => boolean; left: number }> = [];
  private server?: Server;

  fail(matches: (line: string) => boolean, times = Infinity): void {
    this.failures.push({ matches, left: times });
  }

  reset(): void {
    this.failures = [];
    this.seen.length = 0;
  }

  start(): Promise<string> {
    this.server = createServer((req, res) => {
      const line = `${req.method} ${req.url}`;
      this.seen.push(line);
      const failure = this.failures.find((f) => f.left > 0 && f.matches(line));
      if (failure) {
        failure.left -= 1;
        req.resume();
        req.on('end', () =>
          res.writeHead(500, { 'content-type': 'application/xml' }).end(INTERNAL_ERROR),
        );
        return;
      }
      this.forward(req, res);
    });
    return new Promise((resolve) =>
      this.server!.listen(0, '127.0.0.1', () =>
        resolve(`http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`),
      ),
    );
  }

  private forward(req: IncomingMessage, res: import('node:http').ServerResponse): void {
    const upstream = request(
      {
        host: store.hostname,
        port: store.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }

  stop(): Promise<void> {
    return new Promise((done) => {
      this.server?.closeAllConnections();
      this.server?.close(() => done());
    });
  }
}

/** A request that uploads the second part of a multipart upload. */
const secondPart = (line: string) => /^PUT .*[?&]partNumber=2(&|$)/.test(line);

describe('footage uploads through the API while the store fails requests', () => {
  const path = new StorePath();
  let t: TestApp;
  let safety: string;
  let storage: ObjectStorage;
  beforeAll(async () => {
    t = await startTestApp({
      S3_ENDPOINT: await path.start(),
      FOOTAGE_MAX_BYTES: String(64 * MiB),
    });
    [safety] = await t.loginAll('safety');
    storage = t.app.get(ObjectStorage);
  });
  afterEach(() => path.reset());
  afterAll(async () => {
    await t.close();
    await path.stop();
  });

  it('sends a part again when the store fails it once: the video is stored whole', async () => {
    const file = mp4(20 * MiB);
    path.fail(secondPart, 1);
    const res = await uploadFootage(t, safety, file, 'bodycam.mp4');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ sha256: sha256(file), size: file.length });
    expect(path.seen.filter(secondPart)).toHaveLength(2);
    const key = await footageObjectKey(t, res.body.id as string);
    expect(await storage.sha256Of(key)).toBe(sha256(file));
    expect(await pendingUploadIds(storage)).toEqual([]);
  });

  it('answers 503 when the store keeps failing, and leaves no part and no object behind', async () => {
    const rows = Number((await t.db.query('SELECT count(*) AS n FROM footage'))[0].n);
    path.fail(secondPart);
    const res = await uploadFootage(t, safety, mp4(20 * MiB), 'bodycam.mp4');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('10');
    expect(Number((await t.db.query('SELECT count(*) AS n FROM footage'))[0].n)).toBe(rows);
    path.reset();
    expect(
      await eventually(
        async () => (await pendingUploadIds(storage)).length,
        (n) => n === 0,
      ),
    ).toBe(0);
  });

  it('stores a file that fits in one part with a single request', async () => {
    const file = mp4(3 * MiB);
    const res = await uploadFootage(t, safety, file, 'photo-burst.mp4');
    expect(res.status).toBe(201);
    const key = await footageObjectKey(t, res.body.id as string);
    expect(path.seen.filter((l) => l.includes(key))).toEqual([
      `PUT /${storage.bucket}/${key}?x-id=PutObject`,
    ]);
    expect(await storage.sha256Of(key)).toBe(sha256(file));
  });
});
