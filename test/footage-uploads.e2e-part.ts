import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { ObjectStorage } from '../src/storage/object-storage.service';
import { seedId } from '../seeds/seed-ids';
import { eventually } from './support/alert-stack';
import { pendingUploadIds, uploadFootage } from './support/footage';
import { report } from './support/incidents';
import { mp4, sha256 } from './support/media';
import { bearer, listenOnLoopback, startTestApp, TestApp } from './support/test-app';

describe('footage uploads through the API', () => {
  let t: TestApp;
  let safety: string;
  let nurse: string;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp({ FOOTAGE_MAX_BYTES: String(24 * 1024 * 1024) });
    base = await listenOnLoopback(t);
    [safety, nurse] = await t.loginAll('safety', 'nurse');
  });
  afterAll(() => t.close());

  const objectCount = async () => {
    const storage = t.app.get(ObjectStorage);
    const res = await storage.client.send(
      new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: 'footage/' }),
    );
    return res.KeyCount ?? 0;
  };
  const pendingUploads = async () => (await pendingUploadIds(t.app.get(ObjectStorage))).length;
  const rowCount = async () => Number((await t.db.query('SELECT count(*) AS n FROM footage'))[0].n);

  it('stores an MP4 streamed through the API with the SHA-256 of exactly its bytes', async () => {
    const file = mp4(700 * 1024);
    const res = await uploadFootage(t, safety, file, 'clip.mp4');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      sha256: sha256(file),
      size: file.length,
      contentType: 'video/mp4',
      status: 'stored',
    });
    const content = await fetch(`${base}/api/v1/footage/${res.body.id}/content`, {
      headers: bearer(safety),
      redirect: 'manual',
    });
    expect(content.status).toBe(302);
    const url = new URL(content.headers.get('location')!);
    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300);
    const stored = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(sha256(stored)).toBe(sha256(file));
    // Browsers play video by asking for byte ranges.
    const range = await fetch(url, { headers: { Range: 'bytes=1000-1999' } });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await range.arrayBuffer())).toEqual(file.subarray(1000, 2000));
  });

  it('refuses a text file named .mp4 with 415 and stores nothing', async () => {
    const [objects, rows] = [await objectCount(), await rowCount()];
    const res = await uploadFootage(
      t,
      safety,
      Buffer.from('this is not a video\n'.repeat(500)),
      'clip.mp4',
    );
    expect(res.status).toBe(415);
    expect(res.body.details[0].field).toBe('file');
    expect(await objectCount()).toBe(objects);
    expect(await rowCount()).toBe(rows);
  });

  it('takes a burst of uploads at once: each video stored with its own bytes, each other file refused', async () => {
    const [objects, rows] = [await objectCount(), await rowCount()];
    // Small files end before the bytes that tell the type are all in; large ones span many parts.
    const videos = [
      1500,
      4099,
      4101,
      64 * 1024,
      300 * 1024,
      1024 * 1024,
      3 * 1024 * 1024,
      6 * 1024 * 1024,
    ].map((n) => mp4(n));
    const others = [
      Buffer.from('this is not a video\n'.repeat(500)),
      Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(20_000)]),
      Buffer.from('x'),
      randomBytes(200_000),
    ];
    const answers = await Promise.all([
      ...videos.map((file) => uploadFootage(t, safety, file, 'clip.mp4')),
      ...others.map((file) => uploadFootage(t, safety, file, 'clip.mp4')),
    ]);
    expect(answers.map((a) => a.status)).toEqual([
      ...videos.map(() => 201),
      ...others.map(() => 415),
    ]);
    expect(answers.slice(0, videos.length).map((a) => [a.body.size, a.body.sha256])).toEqual(
      videos.map((file) => [file.length, sha256(file)]),
    );
    expect(answers[videos.length + 1].body.details).toEqual([
      { field: 'file', message: 'is application/pdf, which is not accepted', code: 'invalid' },
    ]);
    expect(await objectCount()).toBe(objects + videos.length);
    expect(await rowCount()).toBe(rows + videos.length);
    expect(await pendingUploads()).toBe(0);
  });

  it('refuses nested field names, extra files and long fields with 400 naming the field, storing nothing', async () => {
    const [objects, rows] = [await objectCount(), await rowCount()];
    const nested = await uploadFootage(t, safety, mp4(16 * 1024), 'a.mp4', {
      'deviceId[x][y]': '1',
    });
    expect(nested.status).toBe(400);
    expect(nested.body.details).toEqual([
      { field: 'deviceId[x][y]', message: 'Field name nesting too deep', code: 'invalid' },
    ]);
    const twoFiles = await t
      .http()
      .post('/api/v1/footage')
      .set(bearer(safety))
      .attach('file', mp4(16 * 1024), 'a.mp4')
      .attach('file', mp4(16 * 1024), 'b.mp4');
    expect(twoFiles.status).toBe(400);
    expect(twoFiles.body.details[0].field).toBe('file');
    const longField = await uploadFootage(t, safety, mp4(16 * 1024), 'a.mp4', {
      deviceId: 'x'.repeat(2000),
    });
    expect(longField.status).toBe(400);
    expect(longField.body.details[0].field).toBe('deviceId');
    expect(await eventually(objectCount, (n) => n === objects)).toBe(objects);
    expect(await rowCount()).toBe(rows);
  });

  it('refuses a file over the size limit with 413 and stores nothing', async () => {
    const [objects, rows] = [await objectCount(), await rowCount()];
    const res = await uploadFootage(t, safety, mp4(25 * 1024 * 1024), 'long.mp4');
    expect(res.status).toBe(413);
    // Nothing completes late either: the parts already sent never become an object.
    await new Promise((r) => setTimeout(r, 500));
    expect(await objectCount()).toBe(objects);
    expect(await pendingUploads()).toBe(0);
    expect(await rowCount()).toBe(rows);
  });

  it('leaves no object, no row and no pending multipart upload when the client goes away halfway', async () => {
    const [objects, rows] = [await objectCount(), await rowCount()];
    const boundary = 'x' + randomBytes(8).toString('hex');
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
    );
    const { port } = new URL(base);
    let begun = 0;
    await new Promise<void>((done) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        path: '/api/v1/footage',
        method: 'POST',
        headers: {
          ...bearer(safety),
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(head.length + 20 * 1024 * 1024 + 100),
        },
      });
      req.on('error', () => done());
      req.write(head);
      // More than one 8 MiB part, so the multipart upload in the store has begun.
      req.write(
        mp4(12 * 1024 * 1024),
        () =>
          void eventually(pendingUploads, (n) => n > 0).then((started) => {
            begun = started;
            req.destroy();
            done();
          }),
      );
    });
    expect(begun).toBe(1);
    expect(await eventually(pendingUploads, (n) => n === 0)).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(await objectCount()).toBe(objects);
    expect(await rowCount()).toBe(rows);
  });

  it('takes deviceId from device gateways and facility admins only, storing nothing for staff', async () => {
    const [objects, rows] = [await objectCount(), await rowCount()];
    const fields = {
      deviceId: seedId('device:almaty:cgkb:recorder'),
      recordedFrom: '2026-11-23T01:00:00+05:00',
      recordedTo: '2026-11-23T01:10:00+05:00',
    };
    const staff = await Promise.all(
      Array.from({ length: 6 }, () => uploadFootage(t, nurse, mp4(16 * 1024), 'phone.mp4', fields)),
    );
    expect(staff.map((r) => [r.status, r.body.details?.[0]?.field])).toEqual(
      Array(6).fill([400, 'deviceId']),
    );
    expect(await eventually(objectCount, (n) => n === objects)).toBe(objects);
    expect(await rowCount()).toBe(rows);

    const admin = await uploadFootage(t, safety, mp4(16 * 1024), 'export.mp4', fields);
    expect(admin.status).toBe(201);
    expect(admin.body).toMatchObject({ deviceId: fields.deviceId, uploadedBy: 'person' });
  });

  it('requires a file, and device fields from device gateways', async () => {
    const res = await t
      .http()
      .post('/api/v1/footage')
      .set(bearer(safety))
      .field('recordedFrom', '2026-11-23T01:00:00+05:00');
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: 'file', message: 'is required', code: 'required' }]);

    const unit = seedId('unit:almaty:cgkb:admission');
    const key = (
      await t
        .http()
        .post(`/api/v1/units/${unit}/api-keys`)
        .set(bearer(safety))
        .send({ name: 'recorder dock' })
    ).body.key as string;
    const device = (d: Record<string, string>) => {
      const req = t.http().post('/api/v1/footage').set('X-Api-Key', key);
      for (const [k, v] of Object.entries(d)) req.field(k, v);
      return req.attach('file', mp4(32 * 1024), 'rec.mp4');
    };
    const [objects, rows] = [await objectCount(), await rowCount()];
    const bare = await device({});
    expect(bare.status).toBe(400);
    expect(bare.body.details.map((d: { field: string }) => d.field)).toEqual([
      'deviceId',
      'recordedFrom',
      'recordedTo',
    ]);
    const foreign = await device({
      deviceId: seedId('device:almaty:gkb:1:recorder'),
      recordedFrom: '2026-11-23T01:00:00+05:00',
      recordedTo: '2026-11-23T01:10:00+05:00',
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.details[0].field).toBe('deviceId');
    const malformed = await device({
      deviceId: seedId('device:almaty:cgkb:recorder'),
      recordedFrom: 'yesterday',
      recordedTo: '2026-11-23T01:10:00+05:00',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.details[0].field).toBe('recordedFrom');
    expect(await objectCount()).toBe(objects);
    expect(await rowCount()).toBe(rows);
    const own = await device({
      deviceId: seedId('device:almaty:cgkb:recorder'),
      recordedFrom: '2026-11-23T01:00:00+05:00',
      recordedTo: '2026-11-23T01:10:00+05:00',
    });
    expect(own.status).toBe(201);
    const incident = (await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report()))
      .body;
    const linked = await device({
      deviceId: seedId('device:almaty:cgkb:recorder'),
      recordedFrom: '2026-11-23T01:00:00+05:00',
      recordedTo: '2026-11-23T01:10:00+05:00',
      incidentId: incident.id,
    });
    expect(linked.status).toBe(201);
    const onIncident = await t
      .http()
      .get(`/api/v1/incidents/${incident.id}/footage`)
      .set(bearer(nurse));
    expect(onIncident.body.items.map((f: { id: string }) => f.id)).toEqual([linked.body.id]);
    const stored = await t.http().get(`/api/v1/footage/${own.body.id}`).set(bearer(safety));
    expect(stored.body).toMatchObject({
      unitId: unit,
      deviceId: seedId('device:almaty:cgkb:recorder'),
      recordedFrom: '2026-11-22T20:00:00.000Z',
    });
  });
});
