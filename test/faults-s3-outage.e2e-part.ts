import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, S3Handle, startS3 } from '../src/local/services';
import { ObjectStorage } from '../src/storage/object-storage.service';
import { eventually } from './support/alert-stack';
import { pendingUploadIds, uploadFootage } from './support/footage';
import { mp4, sha256 } from './support/media';
import { bearer, listenOnLoopback, startTestApp, TestApp } from './support/test-app';

const BUCKET = 'evidence-faults';
const FILE_BYTES = 20 * 1024 * 1024;

/**
 * The S3 server goes away while a file is streaming through the API. The upload must answer 503
 * and leave nothing behind — no footage row, no object, and (once the store is back) no pending
 * multipart upload — and the same upload must succeed once the store has returned. The store here
 * is this file's own S3 server, so it can be stopped.
 */
describe('the S3 server stopped during an upload', () => {
  const dir = join(tmpdir(), `medguard-test-s3-faults-${randomBytes(4).toString('hex')}`);
  let port: number;
  let s3: S3Handle | null = null;
  let t: TestApp;
  let base: string;
  let safety: string;

  const startStore = async () => {
    s3 = await startS3({ port, dataDir: dir, buckets: [BUCKET] });
  };
  const stopStore = async () => {
    await s3?.stop();
    s3 = null;
  };
  const storage = () => t.app.get(ObjectStorage);
  const objectCount = async () =>
    (await storage().client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'footage/' })))
      .KeyCount ?? 0;
  const rowCount = async () =>
    Number((await t.db.query('SELECT count(*)::int AS n FROM footage'))[0].n);
  const pendingUploads = async () => (await pendingUploadIds(storage())).length;

  beforeAll(async () => {
    port = await freePort();
    await startStore();
    t = await startTestApp({
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_BUCKET: BUCKET,
      FOOTAGE_MAX_BYTES: String(64 * 1024 * 1024),
    });
    base = await listenOnLoopback(t);
    safety = await t.login('safety@demo.medguard.kz');
  });
  afterAll(async () => {
    await t.close();
    await stopStore();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Streams the file in two halves, stopping the store once its multipart upload has begun. */
  const uploadWhileTheStoreStops = (file: Buffer) =>
    new Promise<{ status: number; body: Record<string, unknown>; ms: number }>((done, fail) => {
      const boundary = 'x' + randomBytes(8).toString('hex');
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cam.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
      );
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      const started = Date.now();
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: new URL(base).port,
          path: '/api/v1/footage',
          method: 'POST',
          headers: {
            ...bearer(safety),
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': String(head.length + file.length + tail.length),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () =>
            done({ status: res.statusCode ?? 0, body: JSON.parse(text), ms: Date.now() - started }),
          );
        },
      );
      req.on('error', fail);
      req.write(head);
      const half = 12 * 1024 * 1024;
      // More than one 8 MiB part, so the store holds a multipart upload when it stops.
      req.write(file.subarray(0, half), () => {
        void eventually(pendingUploads, (n) => n > 0)
          .then((n) => {
            if (n === 0) throw new Error('the multipart upload never began');
            return stopStore();
          })
          .then(() => req.end(Buffer.concat([file.subarray(half), tail])), fail);
      });
    });

  it('answers 503, leaves no row, object or pending upload, and takes the same upload once S3 is back', async () => {
    const [rows, objects] = [await rowCount(), await objectCount()];
    const file = mp4(FILE_BYTES);

    const refused = await uploadWhileTheStoreStops(file);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.stringMatching(/storage|store/i),
    });
    expect(refused.ms).toBeLessThan(15000);
    expect(await rowCount()).toBe(rows);

    await startStore();
    // The parts already sent never become an object, and the multipart upload is aborted.
    expect(await eventually(pendingUploads, (n) => n === 0, 15000)).toBe(0);
    expect(await objectCount()).toBe(objects);
    expect(await rowCount()).toBe(rows);

    const again = await uploadFootage(t, safety, file, 'cam.mp4');
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ sha256: sha256(file), size: FILE_BYTES, status: 'stored' });
    expect(await rowCount()).toBe(rows + 1);
    expect(await objectCount()).toBe(objects + 1);
    expect(await pendingUploads()).toBe(0);
  }, 80000);
});
