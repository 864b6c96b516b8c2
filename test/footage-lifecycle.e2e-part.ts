import { PutObjectCommand } from '@aws-sdk/client-s3';
import { INestApplicationContext } from '@nestjs/common';
import { FootageLifecycle } from '../src/footage/footage-lifecycle.service';
import { ObjectStorage } from '../src/storage/object-storage.service';
import { eventually } from './support/alert-stack';
import {
  custodyOf,
  expectStoredAs,
  footageObjectKey,
  footageStatus,
  startFootageStack,
  uploadFootage,
} from './support/footage';
import { fileIncident } from './support/incidents';
import { mp4, sha256 } from './support/media';
import { bearer, TestApp } from './support/test-app';

const MiB = 1024 * 1024;

describe('footage lifecycle: verification of uploads through the API, metadata, retention', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let close: () => Promise<void>;
  let storage: ObjectStorage;
  let safety: string;
  beforeAll(async () => {
    ({ t, worker, storage, close } = await startFootageStack({ FOOTAGE_RETENTION_DAYS: '30' }));
    safety = await t.login('safety@demo.medguard.kz');
  });
  afterAll(() => close());

  it('also verifies files uploaded through the API and writes their SHA-256 onto the object', async () => {
    const file = mp4(200 * 1024);
    const res = await t
      .http()
      .post('/api/v1/footage')
      .set(bearer(safety))
      .attach('file', file, 'phone.mp4');
    expect(res.body.status).toBe('stored');
    expect(
      await eventually(
        () => footageStatus(t, res.body.id),
        (s) => s === 'verified',
      ),
    ).toBe('verified');
    const head = await storage.head(await footageObjectKey(t, res.body.id));
    expect(head?.metadata.sha256).toBe(sha256(file));
    const fetched = await t.http().get(`/api/v1/footage/${res.body.id}`).set(bearer(safety));
    expect(fetched.body).toMatchObject({ fileName: 'phone.mp4', verifiedAt: expect.any(String) });
  });

  it('rewrites metadata of objects too large for one copy part by part, keeping their bytes', async () => {
    const file = mp4(9 * MiB);
    const key = 'footage/2026-11/large-copy';
    await storage.client.send(
      new PutObjectCommand({ ...storage.writeParams(key), Body: file, ContentType: 'video/mp4' }),
    );
    await storage.replaceMetadata(key, file.length, 'video/mp4', { sha256: sha256(file) }, 4 * MiB);
    await expectStoredAs(storage, key, file);
    await storage.deleteObject(key);
  });

  it('deletes footage no incident holds after the retention period, never linked or held footage', async () => {
    const uploadClip = async (name: string) =>
      (await uploadFootage(t, safety, mp4(32 * 1024), name)).body.id as string;
    const [loose, linked, held] = [
      await uploadClip('loose.mp4'),
      await uploadClip('linked.mp4'),
      await uploadClip('held.mp4'),
    ];
    const incident = await fileIncident(t);
    await t
      .http()
      .post(`/api/v1/incidents/${incident.id}/footage`)
      .set(bearer(safety))
      .send({ footageId: linked })
      .expect(201);

    const police = await t.login('police@demo.medguard.kz');
    const hold = (id: string, token: string, body: Record<string, unknown>) =>
      t.http().put(`/api/v1/footage/${id}/legal-hold`).set(bearer(token)).send(body);
    expect((await hold(held, safety, { legalHold: true })).body.details[0].field).toBe('reason');
    expect(
      (
        await hold(held, await t.login('ministry@demo.medguard.kz'), {
          legalHold: true,
          reason: 'x',
        })
      ).status,
    ).toBe(403);
    expect((await hold(held, police, { legalHold: true, reason: 'case 1' })).status).toBe(404);
    const held1 = await hold(held, safety, { legalHold: true, reason: 'Prosecutor request 17' });
    expect(held1.status).toBe(200);
    expect(held1.body.legalHold).toBe(true);

    const keys = await Promise.all([loose, linked, held].map((id) => footageObjectKey(t, id)));
    await t.db.query(
      `UPDATE footage SET retention_from = now() - interval '31 days' WHERE id = ANY($1)`,
      [[loose, linked, held]],
    );
    const deleted = await worker.get(FootageLifecycle).applyRetention();
    expect(deleted).toBe(1);
    expect(await footageStatus(t, loose)).toBe('deleted');
    expect(await footageStatus(t, linked)).not.toBe('deleted');
    expect(await footageStatus(t, held)).not.toBe('deleted');
    expect(await storage.head(keys[0])).toBeNull();
    expect(await storage.head(keys[1])).not.toBeNull();
    expect(await storage.head(keys[2])).not.toBeNull();

    const chain = await custodyOf(t, safety, loose);
    expect(chain.valid).toBe(true);
    expect(chain.events.at(-1)).toMatchObject({
      action: 'deleted',
      actorType: 'system',
      details: { reason: 'retention', retentionDays: 30 },
    });
    const tooLate = await hold(loose, safety, { legalHold: true, reason: 'Prosecutor request 18' });
    expect([tooLate.status, tooLate.body.code]).toEqual([410, 'GONE']);
    // Verification runs in the background: its entry may come before or after the hold's.
    const heldChain = await custodyOf(t, safety, held);
    expect(
      heldChain.events.find((e: { action: string }) => e.action === 'retention_changed'),
    ).toMatchObject({
      action: 'retention_changed',
      details: { legalHold: true, reason: 'Prosecutor request 17' },
    });
    const audit = await t.db.query(
      `SELECT actor_type FROM audit_log WHERE action = 'footage.deleted' AND entity_id = $1`,
      [loose],
    );
    expect(audit).toEqual([{ actor_type: 'system' }]);
    const content = await t
      .http()
      .get(`/api/v1/footage/${loose}/content`)
      .set(bearer(safety))
      .redirects(0);
    expect(content.status).toBe(410);

    // Released from hold, the footage gets a whole new retention period.
    await hold(held, safety, { legalHold: false, reason: 'Case closed' }).expect(200);
    expect(await worker.get(FootageLifecycle).applyRetention()).toBe(0);
    expect(await footageStatus(t, held)).not.toBe('deleted');
  });
});
