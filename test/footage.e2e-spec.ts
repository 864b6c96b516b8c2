import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { ObjectStorage } from '../src/storage/object-storage.service';
import { seedId } from '../seeds/seed-ids';
import { eventually } from './support/alert-stack';
import { report } from './support/incidents';
import { mp4, sha256 } from './support/media';
import { bearer, startTestApp, TestApp } from './support/test-app';

describe('footage evidence', () => {
  let t: TestApp;
  let safety: string;
  let nurse: string;
  let police: string;
  let dutyDesk: string;
  let ministry: string;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp({ FOOTAGE_MAX_BYTES: String(24 * 1024 * 1024) });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    [safety, nurse, police, dutyDesk, ministry] = await Promise.all(
      ['safety', 'nurse', 'police', 'dutydesk', 'ministry'].map((u) =>
        t.login(`${u}@demo.medguard.kz`),
      ),
    );
  });
  afterAll(() => t.close());

  const objectCount = async () => {
    const storage = t.app.get(ObjectStorage);
    const res = await storage.client.send(
      new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: 'footage/' }),
    );
    return res.KeyCount ?? 0;
  };
  const pendingUploads = async () => {
    let n = 0;
    for await (const _ of t.app.get(ObjectStorage).pendingUploads('footage/')) n++;
    return n;
  };
  const rowCount = async () => Number((await t.db.query('SELECT count(*) AS n FROM footage'))[0].n);
  const upload = (
    token: string,
    file: Buffer,
    name: string,
    fields: Record<string, string> = {},
  ) => {
    const req = t.http().post('/api/v1/footage').set(bearer(token));
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.attach('file', file, name);
  };

  it('stores an MP4 streamed through the API with the SHA-256 of exactly its bytes', async () => {
    const file = mp4(700 * 1024);
    const res = await upload(safety, file, 'clip.mp4');
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
    const res = await upload(safety, Buffer.from('this is not a video\n'.repeat(500)), 'clip.mp4');
    expect(res.status).toBe(415);
    expect(res.body.details[0].field).toBe('file');
    expect(await objectCount()).toBe(objects);
    expect(await rowCount()).toBe(rows);
  });

  it('refuses nested field names, extra files and long fields with 400 naming the field, storing nothing', async () => {
    const [objects, rows] = [await objectCount(), await rowCount()];
    const nested = await upload(safety, mp4(16 * 1024), 'a.mp4', { 'deviceId[x][y]': '1' });
    expect(nested.status).toBe(400);
    expect(nested.body.details).toEqual([
      { field: 'deviceId[x][y]', message: 'Field name nesting too deep' },
    ]);
    const twoFiles = await t
      .http()
      .post('/api/v1/footage')
      .set(bearer(safety))
      .attach('file', mp4(16 * 1024), 'a.mp4')
      .attach('file', mp4(16 * 1024), 'b.mp4');
    expect(twoFiles.status).toBe(400);
    expect(twoFiles.body.details[0].field).toBe('file');
    const longField = await upload(safety, mp4(16 * 1024), 'a.mp4', { deviceId: 'x'.repeat(2000) });
    expect(longField.status).toBe(400);
    expect(longField.body.details[0].field).toBe('deviceId');
    expect(await eventually(objectCount, (n) => n === objects)).toBe(objects);
    expect(await rowCount()).toBe(rows);
  });

  it('refuses a file over the size limit with 413 and stores nothing', async () => {
    const [objects, rows] = [await objectCount(), await rowCount()];
    const res = await upload(safety, mp4(25 * 1024 * 1024), 'long.mp4');
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

  it('shows footage of an incident to the routed post and the facility admin, never to other posts or the ministry', async () => {
    const incident = await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report());
    const res = await upload(safety, mp4(64 * 1024), 'ward.mp4', { incidentId: incident.body.id });
    expect(res.status).toBe(201);
    const id = res.body.id;
    expect((await t.http().get(`/api/v1/footage/${id}`).set(bearer(police))).status).toBe(200);
    expect((await t.http().get(`/api/v1/footage/${id}`).set(bearer(safety))).status).toBe(200);
    expect((await t.http().get(`/api/v1/footage/${id}`).set(bearer(dutyDesk))).status).toBe(404);
    expect((await t.http().get(`/api/v1/footage/${id}/content`).set(bearer(dutyDesk))).status).toBe(
      404,
    );
    expect((await t.http().get(`/api/v1/footage/${id}`).set(bearer(ministry))).status).toBe(403);
    expect((await t.http().get(`/api/v1/footage/${id}/content`).set(bearer(ministry))).status).toBe(
      403,
    );
    expect((await t.http().get(`/api/v1/footage/${id}`).set(bearer(nurse))).status).toBe(403);
  });

  it('links and unlinks footage to incidents, each recorded in the chain of custody', async () => {
    const incident = (await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report()))
      .body;
    const clip = (await upload(safety, mp4(64 * 1024), 'door.mp4')).body;
    const link = await t
      .http()
      .post(`/api/v1/incidents/${incident.id}/footage`)
      .set(bearer(safety))
      .send({ footageId: clip.id });
    expect(link.status).toBe(201);
    expect(
      (
        await t
          .http()
          .post(`/api/v1/incidents/${incident.id}/footage`)
          .set(bearer(safety))
          .send({ footageId: clip.id })
      ).status,
    ).toBe(409);
    const listed = await t
      .http()
      .get(`/api/v1/incidents/${incident.id}/footage`)
      .set(bearer(nurse));
    expect(listed.body.items.map((f: { id: string }) => f.id)).toEqual([clip.id]);
    expect(
      (await t.http().get(`/api/v1/incidents/${incident.id}/footage`).set(bearer(dutyDesk))).status,
    ).toBe(404);
    expect((await t.http().get(`/api/v1/footage/${clip.id}`).set(bearer(police))).status).toBe(200);

    const other = (await upload(safety, mp4(64 * 1024), 'other.mp4')).body;
    const foreignIncident = (
      await t
        .http()
        .post('/api/v1/incidents')
        .set(bearer(await t.login('paramedic@demo.medguard.kz')))
        .send(
          report({
            facilityId: seedId('facility:almaty:ambulance:1'),
            unitId: undefined,
            place: { kind: 'ambulance_call', address: 'x' },
          }),
        )
    ).body;
    const admin = await t.login('admin@demo.medguard.kz');
    const cross = await t
      .http()
      .post(`/api/v1/incidents/${foreignIncident.id}/footage`)
      .set(bearer(police))
      .send({ footageId: other.id });
    expect(cross.status).toBe(404);
    const wrongFacility = await t
      .http()
      .post(`/api/v1/incidents/${foreignIncident.id}/footage`)
      .set(bearer(await t.login('dutydesk@demo.medguard.kz')))
      .send({ footageId: other.id });
    expect(wrongFacility.status).toBe(400);
    expect(wrongFacility.body.details[0].field).toBe('footageId');

    expect(
      (
        await t
          .http()
          .delete(`/api/v1/incidents/${incident.id}/footage/${clip.id}`)
          .set(bearer(police))
      ).status,
    ).toBe(204);
    expect((await t.http().get(`/api/v1/footage/${clip.id}`).set(bearer(police))).status).toBe(404);
    const chain = await t.http().get(`/api/v1/footage/${clip.id}/custody`).set(bearer(admin));
    expect(chain.body.events.map((e: { action: string }) => e.action)).toEqual([
      'uploaded',
      'linked',
      'unlinked',
    ]);
    expect(chain.body.valid).toBe(true);
  });

  it('suggests footage of the incident unit recorded around the incident time, and nothing else', async () => {
    const admin = await t.login('admin@demo.medguard.kz');
    const paramedic = await t.login('paramedic@demo.medguard.kz');
    const team = seedId('unit:almaty:ambulance:1:1');
    const otherTeam = seedId('unit:almaty:ambulance:1:2');
    const occurredAt = new Date(Date.now() - 3600_000);
    const incident = (
      await t
        .http()
        .post('/api/v1/incidents')
        .set(bearer(paramedic))
        .send(
          report({
            facilityId: seedId('facility:almaty:ambulance:1'),
            unitId: team,
            occurredAt: occurredAt.toISOString(),
            place: { kind: 'ambulance_call', address: 'Almaty, Tole Bi 5' },
          }),
        )
    ).body;
    const keyFor = async (unit: string) =>
      (await t.http().post(`/api/v1/units/${unit}/api-keys`).set(bearer(admin)).send({})).body
        .key as string;
    const [teamKey, otherKey] = [await keyFor(team), await keyFor(otherTeam)];
    const at = (minutes: number) => new Date(occurredAt.getTime() + minutes * 60_000).toISOString();
    const camera = async (key: string, deviceId: string, from: number, to: number) =>
      (
        await t
          .http()
          .post('/api/v1/footage')
          .set('X-Api-Key', key)
          .field('deviceId', deviceId)
          .field('recordedFrom', at(from))
          .field('recordedTo', at(to))
          .attach('file', mp4(16 * 1024), 'cam.mp4')
      ).body.id as string;
    const during = await camera(teamKey, seedId('device:almaty:ambulance:1:1'), -10, 5);
    await camera(teamKey, seedId('device:almaty:ambulance:1:1'), -300, -240);
    await camera(otherKey, seedId('device:almaty:ambulance:1:2'), -10, 5);

    const desk = await t.login('dutydesk@demo.medguard.kz');
    const res = await t
      .http()
      .get(`/api/v1/incidents/${incident.id}/footage/suggestions`)
      .set(bearer(desk));
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ id: during, overlapSeconds: 15 * 60 }),
    ]);
    expect(
      (
        await t
          .http()
          .get(`/api/v1/incidents/${incident.id}/footage/suggestions`)
          .set(bearer(safety))
      ).status,
    ).toBe(404);
    expect(
      (
        await t
          .http()
          .get(`/api/v1/incidents/${incident.id}/footage/suggestions`)
          .set(bearer(paramedic))
      ).status,
    ).toBe(403);

    await t
      .http()
      .post(`/api/v1/incidents/${incident.id}/footage`)
      .set(bearer(desk))
      .send({ footageId: during });
    const after = await t
      .http()
      .get(`/api/v1/incidents/${incident.id}/footage/suggestions`)
      .set(bearer(desk));
    expect(after.body.items).toEqual([]);
  });

  it('keeps a chain of custody that verifies, re-checks the object, and reports an edited event', async () => {
    const res = await upload(safety, mp4(64 * 1024), 'evidence.mp4');
    const id = res.body.id;
    await t.http().get(`/api/v1/footage/${id}/content`).set(bearer(safety)).redirects(0);
    const chain = await t
      .http()
      .get(`/api/v1/footage/${id}/custody?recheck=true`)
      .set(bearer(safety));
    expect(chain.status).toBe(200);
    expect(chain.body).toMatchObject({
      valid: true,
      brokenAt: null,
      objectIntact: true,
      sha256: res.body.sha256,
    });
    expect(chain.body.events.map((e: { action: string }) => e.action)).toEqual([
      'uploaded',
      'content_accessed',
      'rechecked',
    ]);
    expect(chain.body.events[1]).toMatchObject({
      actorType: 'user',
      ip: expect.stringMatching(/127\.0\.0\.1/),
    });

    const superuser = new Client({ connectionString: t.databaseUrl });
    await superuser.connect();
    try {
      await superuser.query(
        'ALTER TABLE footage_custody DISABLE TRIGGER footage_custody_no_update_delete',
      );
      await superuser.query(
        `UPDATE footage_custody SET ip = '10.9.9.9' WHERE footage_id = $1 AND action = 'content_accessed'`,
        [id],
      );
      await superuser.query(
        'ALTER TABLE footage_custody ENABLE TRIGGER footage_custody_no_update_delete',
      );
    } finally {
      await superuser.end();
    }
    const broken = await t.http().get(`/api/v1/footage/${id}/custody`).set(bearer(safety));
    expect(broken.body).toMatchObject({ valid: false, brokenAt: chain.body.events[1].id });
    await expect(
      t.db.query(`DELETE FROM footage_custody WHERE footage_id = $1`, [id]),
    ).rejects.toThrow(/append-only/);
  });

  it('requires a file, and device fields from device gateways', async () => {
    const res = await t
      .http()
      .post('/api/v1/footage')
      .set(bearer(safety))
      .field('recordedFrom', '2026-11-23T01:00:00+05:00');
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: 'file', message: 'is required' }]);

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
