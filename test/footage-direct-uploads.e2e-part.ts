import { INestApplicationContext } from '@nestjs/common';
import { FootageLifecycle } from '../src/footage/footage-lifecycle.service';
import { ObjectStorage } from '../src/storage/object-storage.service';
import { seedId } from '../seeds/seed-ids';
import { eventually } from './support/alert-stack';
import {
  custodyOf,
  expectStoredAs,
  footageObjectKey,
  footageStatus,
  pendingUploadIds,
  startFootageStack,
} from './support/footage';
import { fileIncident } from './support/incidents';
import { mp4, sha256 } from './support/media';
import { bearer, TestApp } from './support/test-app';

const MiB = 1024 * 1024;
const RECORDER = seedId('device:almaty:cgkb:recorder');
const ADMISSION = seedId('unit:almaty:cgkb:admission');
const window = {
  recordedFrom: '2026-11-23T01:00:00+05:00',
  recordedTo: '2026-11-23T01:10:00+05:00',
};

describe('direct uploads: devices send files straight to the bucket in parts', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let close: () => Promise<void>;
  let storage: ObjectStorage;
  let recorderKey: string;
  let safety: string;
  beforeAll(async () => {
    ({ t, worker, storage, close } = await startFootageStack({ FOOTAGE_RETENTION_DAYS: '30' }));
    safety = await t.login('safety@demo.medguard.kz');
    recorderKey = (
      await t
        .http()
        .post(`/api/v1/units/${ADMISSION}/api-keys`)
        .set(bearer(safety))
        .send({ name: 'admission recorder' })
    ).body.key;
  });
  afterAll(() => close());

  const device = () => ({ 'X-Api-Key': recorderKey });

  /** Starts a direct upload and PUTs the file's parts to the presigned URLs, as a device would. */
  async function sendDirect(file: Buffer, extra: Record<string, unknown> = {}, skipParts = 0) {
    const started = await t
      .http()
      .post('/api/v1/footage/uploads')
      .set(device())
      .send({
        deviceId: RECORDER,
        fileName: 'REC_0042.mp4',
        size: file.length,
        contentType: 'video/mp4',
        ...window,
        ...extra,
      });
    expect(started.status).toBe(201);
    const { partSize, parts } = started.body as {
      partSize: number;
      parts: Array<{ partNumber: number; url: string }>;
    };
    const sent: Array<{ partNumber: number; etag: string }> = [];
    for (const part of parts.slice(0, parts.length - skipParts)) {
      const chunk = file.subarray((part.partNumber - 1) * partSize, part.partNumber * partSize);
      const res = await fetch(part.url, { method: 'PUT', body: chunk });
      expect(res.status).toBe(200);
      sent.push({ partNumber: part.partNumber, etag: res.headers.get('etag') as string });
    }
    return { ...(started.body as { footageId: string; uploadId: string }), parts, sent };
  }

  it('verifies a file a device sent straight to the bucket in parts, and keeps its SHA-256 on the object', async () => {
    const file = mp4(9 * MiB);
    const upload = await sendDirect(file, { sha256: sha256(file) });
    expect(upload.parts.map((p) => p.partNumber)).toEqual([1, 2]);
    expect(await footageStatus(t, upload.footageId)).toBe('uploading');
    expect(
      (await t.http().get(`/api/v1/footage/${upload.footageId}`).set(bearer(safety))).status,
    ).toBe(404);

    const done = await t
      .http()
      .post(`/api/v1/footage/uploads/${upload.uploadId}/complete`)
      .set(device())
      .send({ parts: [...upload.sent].reverse() });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: upload.footageId, status: 'stored', size: file.length });

    expect(
      await eventually(
        () => footageStatus(t, upload.footageId),
        (s) => s === 'verified',
      ),
    ).toBe('verified');
    const head = await storage.head(await footageObjectKey(t, upload.footageId));
    expect(head).toMatchObject({ size: file.length, metadata: { sha256: sha256(file) } });
    const chain = await custodyOf(t, safety, upload.footageId);
    expect(chain).toMatchObject({ valid: true, sha256: sha256(file) });
    expect(
      chain.events.map((e: { action: string; actorType: string }) => [e.action, e.actorType]),
    ).toEqual([
      ['uploaded', 'device'],
      ['verified', 'system'],
    ]);

    // A device repeating the completion after a dropped answer gets the same footage back.
    const again = await t
      .http()
      .post(`/api/v1/footage/uploads/${upload.uploadId}/complete`)
      .set(device())
      .send({ parts: upload.sent });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(upload.footageId);
    expect(await pendingUploadIds(storage)).toEqual([]);
    const abort = await t.http().delete(`/api/v1/footage/uploads/${upload.uploadId}`).set(device());
    expect([abort.status, await footageStatus(t, upload.footageId)]).toEqual([409, 'verified']);
  });

  it('completes a file sent in one part with its bytes, type and SHA-256 on the object', async () => {
    const file = mp4(3 * MiB);
    const upload = await sendDirect(file, { sha256: sha256(file) });
    expect(upload.parts.map((p) => p.partNumber)).toEqual([1]);
    const done = await t
      .http()
      .post(`/api/v1/footage/uploads/${upload.uploadId}/complete`)
      .set(device())
      .send({ parts: upload.sent });
    expect(done.status).toBe(200);
    expect(
      await eventually(
        () => footageStatus(t, upload.footageId),
        (s) => s === 'verified',
      ),
    ).toBe('verified');
    const key = await footageObjectKey(t, upload.footageId);
    await expectStoredAs(storage, key, file);
  });

  it('rejects a direct upload whose bytes do not match the SHA-256 the device declared', async () => {
    const file = mp4(9 * MiB);
    const upload = await sendDirect(file, { sha256: sha256(mp4(1024)) });
    await t
      .http()
      .post(`/api/v1/footage/uploads/${upload.uploadId}/complete`)
      .set(device())
      .send({ parts: upload.sent })
      .expect(200);
    expect(
      await eventually(
        () => footageStatus(t, upload.footageId),
        (s) => s === 'rejected',
      ),
    ).toBe('rejected');
    const footage = await t.http().get(`/api/v1/footage/${upload.footageId}`).set(bearer(safety));
    expect(footage.body).toMatchObject({
      status: 'rejected',
      sha256: sha256(file),
      rejectionReason: expect.stringMatching(/SHA-256 differs/),
    });
    const chain = await custodyOf(t, safety, upload.footageId);
    expect(chain.valid).toBe(true);
    expect(chain.events.at(-1)).toMatchObject({
      action: 'rejected',
      details: { sha256: sha256(file), declaredSha256: expect.any(String) },
    });
    const incident = await fileIncident(t);
    const link = await t
      .http()
      .post(`/api/v1/incidents/${incident.id}/footage`)
      .set(bearer(safety))
      .send({ footageId: upload.footageId });
    expect(link.status).toBe(400);
    expect(link.body.details[0].field).toBe('footageId');
  });

  it('discards an upload whose parts do not add up to the declared size, leaving nothing', async () => {
    const upload = await sendDirect(mp4(9 * MiB), {}, 1);
    const res = await t
      .http()
      .post(`/api/v1/footage/uploads/${upload.uploadId}/complete`)
      .set(device())
      .send({ parts: upload.sent });
    expect(res.status).toBe(422);
    expect(res.body.details[0].field).toBe('parts');
    expect(await footageStatus(t, upload.footageId)).toBeUndefined();
    expect(await pendingUploadIds(storage)).toEqual([]);
  });

  it('aborts an upload on request and leaves nothing behind', async () => {
    const upload = await sendDirect(mp4(9 * MiB), {}, 1);
    expect(await pendingUploadIds(storage)).toEqual([upload.uploadId]);
    const other = await t
      .http()
      .delete(`/api/v1/footage/uploads/${upload.uploadId}`)
      .set(bearer(await t.login('admin@demo.medguard.kz')));
    expect(other.status).toBe(403);
    expect(
      (await t.http().delete(`/api/v1/footage/uploads/${upload.uploadId}`).set(device())).status,
    ).toBe(204);
    expect(await footageStatus(t, upload.footageId)).toBeUndefined();
    expect(await pendingUploadIds(storage)).toEqual([]);
    expect(
      (await t.http().delete(`/api/v1/footage/uploads/${upload.uploadId}`).set(device())).status,
    ).toBe(404);
  });

  it('refuses bad announcements with the field named, and uploads of others', async () => {
    const announce = (over: Record<string, unknown>, headers: Record<string, string> = device()) =>
      t
        .http()
        .post('/api/v1/footage/uploads')
        .set(headers)
        .send({
          deviceId: RECORDER,
          fileName: 'a.mp4',
          size: 1000,
          contentType: 'video/mp4',
          ...window,
          ...over,
        });
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ size: 0 }, 400, 'size'],
      [{ size: 51 * 1024 ** 3 }, 413, 'size'],
      [{ contentType: 'text/plain' }, 415, 'contentType'],
      [{ sha256: 'abc' }, 400, 'sha256'],
      [{ recordedTo: undefined }, 400, 'recordedTo'],
      [{ recordedTo: '2026-11-23T00:00:00+05:00' }, 400, 'recordedTo'],
      [{ deviceId: seedId('device:almaty:gkb:1:recorder') }, 400, 'deviceId'],
      [{ fileName: ' ' }, 400, 'fileName'],
    ];
    for (const [over, code, field] of cases) {
      const res = await announce(over);
      expect([JSON.stringify(over), res.status, res.body.details?.[0]?.field]).toEqual([
        JSON.stringify(over),
        code,
        field,
      ]);
    }
    for (const user of ['nurse', 'ministry', 'police']) {
      const res = await announce({}, bearer(await t.login(`${user}@demo.medguard.kz`)));
      expect([user, res.status]).toEqual([user, 403]);
    }
    // A facility admin may announce files of the facility's devices, and no one else may complete them.
    const own = await announce({}, bearer(safety));
    expect(own.status).toBe(201);
    const ambulanceKey = (
      await t
        .http()
        .post(`/api/v1/units/${seedId('unit:almaty:ambulance:1:1')}/api-keys`)
        .set(bearer(await t.login('admin@demo.medguard.kz')))
        .send({})
    ).body.key;
    const foreign = await t
      .http()
      .post(`/api/v1/footage/uploads/${own.body.uploadId}/complete`)
      .set('X-Api-Key', ambulanceKey)
      .send({ parts: [{ partNumber: 1, etag: '"x"' }] });
    expect(foreign.status).toBe(404);
    const duplicate = await t
      .http()
      .post(`/api/v1/footage/uploads/${own.body.uploadId}/complete`)
      .set(bearer(safety))
      .send({
        parts: [
          { partNumber: 1, etag: '"x"' },
          { partNumber: 1, etag: '"y"' },
        ],
      });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.details[0].field).toBe('parts[1].partNumber');
    const malformed = await Promise.all(
      [[[]], [null], [1], ['x'], [[{ partNumber: 1, etag: '"x"' }]]].map((parts) =>
        t
          .http()
          .post(`/api/v1/footage/uploads/${own.body.uploadId}/complete`)
          .set(bearer(safety))
          .send({ parts })
          .then((r) => [r.status, r.body.details?.[0]?.field]),
      ),
    );
    expect(malformed).toEqual(Array(5).fill([400, 'parts']));
    await t
      .http()
      .delete(`/api/v1/footage/uploads/${own.body.uploadId}`)
      .set(bearer(safety))
      .expect(204);
  });

  it('aborts uploads never completed, and incomplete uploads no record waits for', async () => {
    const upload = await sendDirect(mp4(9 * MiB), {}, 1);
    const orphanKey = 'footage/2026-11/orphan';
    const orphan = await storage.startMultipart(orphanKey, 'video/mp4', {});
    const lifecycle = worker.get(FootageLifecycle);
    expect(await lifecycle.abortStaleUploads()).toEqual({ expired: 0, orphaned: 0 });
    expect((await pendingUploadIds(storage)).sort()).toEqual([upload.uploadId, orphan].sort());
    const later = new Date(Date.now() + 25 * 3600_000);
    expect(await lifecycle.abortStaleUploads(later)).toEqual({ expired: 1, orphaned: 1 });
    expect(await pendingUploadIds(storage)).toEqual([]);
    expect(await footageStatus(t, upload.footageId)).toBeUndefined();
  });
});
