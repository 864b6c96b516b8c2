import { createServer, IncomingMessage, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ObjectStorage } from '../src/storage/object-storage.service';
import { eventually } from './support/alert-stack';
import { footageObjectKey, pendingUploadIds, uploadFootage } from './support/footage';
import { mp4, sha256 } from './support/media';
import { bearer, listenOnLoopback, startTestApp, TestApp } from './support/test-app';

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

/**
 * Sends a file as `multipart/form-data` the way a phone on a poor network does: the first
 * `fastBytes` at once, the rest in 64 KiB pieces 20 ms apart, until the API answers.
 */
function trickle(base: string, token: string, file: Buffer, fastBytes: number) {
  const boundary = `trickle${Date.now()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bodycam.mp4"\r\n` +
      `Content-Type: video/mp4\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const body = Buffer.concat([head, file, tail]);
  const url = new URL(`${base}/api/v1/footage`);
  return new Promise<{ status: number; retryAfter?: string }>((done, fail) => {
    let answered = false;
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          ...bearer(token),
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(body.length),
        },
      },
      (res) => {
        answered = true;
        res.resume();
        done({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string });
        req.destroy();
      },
    );
    req.on('error', (error) => !answered && fail(error));
    req.write(body.subarray(0, fastBytes));
    let sent = fastBytes;
    const next = () => {
      if (answered || sent >= body.length) return;
      const piece = body.subarray(sent, sent + 64 * 1024);
      sent += piece.length;
      if (sent >= body.length) req.end(piece);
      else req.write(piece, () => setTimeout(next, 20));
    };
    next();
  });
}

/** A request that uploads the second part of a multipart upload. */
const secondPart = (line: string) => /^PUT .*[?&]partNumber=2(&|$)/.test(line);

describe('footage uploads through the API while the store fails requests', () => {
  const path = new StorePath();
  let t: TestApp;
  let safety: string;
  let storage: ObjectStorage;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp({
      S3_ENDPOINT: await path.start(),
      FOOTAGE_MAX_BYTES: String(64 * MiB),
    });
    [safety] = await t.loginAll('safety');
    storage = t.app.get(ObjectStorage);
    base = await listenOnLoopback(t);
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

  /** Runs an upload while the store fails every second part: 503, no row, and no parts left once it answers again. */
  async function whileSecondPartsFail(
    send: () => Promise<{ status: number; retryAfter?: string }>,
  ) {
    const footageRows = async () =>
      Number((await t.db.query('SELECT count(*) AS n FROM footage'))[0].n);
    const rows = await footageRows();
    path.fail(secondPart);
    expect(await send()).toEqual({ status: 503, retryAfter: '10' });
    expect(await footageRows()).toBe(rows);
    path.reset();
    expect(
      await eventually(
        async () => (await pendingUploadIds(storage)).length,
        (n) => n === 0,
      ),
    ).toBe(0);
  }

  it('answers 503 when the store keeps failing, and leaves no part and no object behind', () =>
    whileSecondPartsFail(async () => {
      const res = await uploadFootage(t, safety, mp4(20 * MiB), 'bodycam.mp4');
      return { status: res.status, retryAfter: res.headers['retry-after'] as string };
    }));

  it('answers 503 when the store fails while the file is still arriving', () =>
    whileSecondPartsFail(() => trickle(base, safety, mp4(32 * MiB), 24 * MiB)));

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
