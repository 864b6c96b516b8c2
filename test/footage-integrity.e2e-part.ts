import { INestApplicationContext } from '@nestjs/common';
import { Job } from 'bullmq';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FootageLifecycle } from '../src/footage/footage-lifecycle.service';
import { MaintenanceProcessor } from '../src/jobs/maintenance.processor';
import { MetricsService } from '../src/metrics/metrics.service';
import { ObjectStorage } from '../src/storage/object-storage.service';
import { eventually } from './support/alert-stack';
import { custodyOf, startFootageStack, uploadVerified } from './support/footage';
import { fileIncident } from './support/incidents';
import { mp4, sha256 } from './support/media';
import { bearer, TestApp } from './support/test-app';
import { shiftClock } from './support/test-clock';

const DAY_MS = 24 * 3600_000;
const RECHECK_DAYS = 30;

describe('footage integrity: the worker re-hashes every stored object', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let close: () => Promise<void>;
  let storage: ObjectStorage;
  let safety: string;
  let police: string;

  beforeAll(async () => {
    ({ t, worker, storage, close } = await startFootageStack({
      FOOTAGE_RECHECK_DAYS: String(RECHECK_DAYS),
      FOOTAGE_RETENTION_DAYS: '30',
    }));
    [safety, police] = await t.loginAll('safety', 'police');
  });
  afterAll(() => close());

  const row = async (id: string) =>
    (await t.db.query(`SELECT status, object_key, sha256 FROM footage WHERE id = $1`, [id]))[0] as {
      status: string;
      object_key: string;
      sha256: string;
    };
  const custody = (id: string) => custodyOf(t, safety, id);
  const actions = async (id: string) => (await custody(id)).events.map((e) => e.action);
  /** A clip uploaded by the facility admin and verified by the worker. */
  const verifiedClip = async (fields: Record<string, string> = {}) => {
    const file = mp4(48 * 1024);
    const id = await uploadVerified(t, safety, file, 'admission.mp4', fields);
    return { id, sha256: sha256(file) };
  };
  /** The file the local S3 server keeps the object's bytes in. */
  const objectFile = async (id: string) => {
    const parts = (await row(id)).object_key.split('/');
    const name = `${parts.pop()}._S3rver_object`;
    return join(process.env.TEST_S3_DIR!, t.config.s3.bucket, ...parts, name);
  };
  /** Changes one byte in the middle of the stored object, keeping its size. */
  const tamper = async (id: string) => {
    const path = await objectFile(id);
    const bytes = await readFile(path);
    bytes[bytes.length >> 1] ^= 0xff;
    await writeFile(path, bytes);
  };
  /** One run of the periodic re-check, as the worker's scheduler starts it, `days` from now. */
  const periodicCheck = async (days = 0) => {
    const restore = shiftClock([t.app, worker], days * DAY_MS);
    try {
      return (await worker
        .get(MaintenanceProcessor)
        .process({ name: 'RecheckFootage', data: {} } as Job)) as { queued: number };
    } finally {
      restore();
    }
  };
  const lastAction = (id: string, action: string) =>
    eventually(
      async () => (await custody(id)).events.at(-1),
      (e) => e?.action === action,
    );
  const failures = async () =>
    Number(
      /footage_integrity_failures_total (\d+)/.exec(
        await worker.get(MetricsService).registry.metrics(),
      )?.[1] ?? NaN,
    );

  it('flags an object whose bytes were changed in the store at the next periodic check', async () => {
    const tampered = await verifiedClip();
    const intact = await verifiedClip();
    await tamper(tampered.id);

    await periodicCheck(RECHECK_DAYS + 1);
    const flagged = await lastAction(tampered.id, 'integrity_failed');
    expect(flagged).toMatchObject({
      action: 'integrity_failed',
      actorType: 'system',
      details: {
        expectedSha256: tampered.sha256,
        sha256: expect.not.stringMatching(tampered.sha256),
        reason: expect.stringMatching(/SHA-256/),
      },
    });
    expect((await row(tampered.id)).status).toBe('integrity_failed');
    const shown = await t.http().get(`/api/v1/footage/${tampered.id}`).set(bearer(safety));
    expect(shown.body).toMatchObject({
      status: 'integrity_failed',
      lastCheckedAt: expect.any(String),
    });
    expect((await custody(tampered.id)).valid).toBe(true);

    expect(await lastAction(intact.id, 'rechecked')).toMatchObject({
      actorType: 'system',
      details: { intact: true, sha256: intact.sha256 },
    });
    expect((await row(intact.id)).status).toBe('verified');

    const audit = await t.db.query(
      `SELECT actor_type FROM audit_log WHERE action = 'footage.integrity_failed' AND entity_id = $1`,
      [tampered.id],
    );
    expect(audit).toEqual([{ actor_type: 'system' }]);
    expect(await failures()).toBe(1);
  });

  it('flags an object missing from the store', async () => {
    const lost = await verifiedClip();
    await storage.deleteObject((await row(lost.id)).object_key);
    await periodicCheck(RECHECK_DAYS + 1);
    expect(await lastAction(lost.id, 'integrity_failed')).toMatchObject({
      details: {
        expectedSha256: lost.sha256,
        sha256: null,
        reason: expect.stringMatching(/missing/),
      },
    });
    expect((await row(lost.id)).status).toBe('integrity_failed');
    expect(await failures()).toBe(2);
  });

  it('spreads the work: each run takes the oldest-checked objects, at least enough to cover the store within the period', async () => {
    const clips = await Promise.all([1, 2, 3, 4].map(() => verifiedClip()));
    const checkedDaysAgo = [10, 25, 5, 20];
    for (const [i, clip] of clips.entries())
      await t.db.query(
        `UPDATE footage SET last_checked_at = now() - $2 * interval '1 day' WHERE id = $1`,
        [clip.id, checkedDaysAgo[i]],
      );
    // Nothing is overdue yet: the run takes its share, the one checked longest ago.
    expect(await periodicCheck()).toEqual({ queued: 1 });
    expect(await lastAction(clips[1].id, 'rechecked')).toMatchObject({ action: 'rechecked' });
    expect((await actions(clips[3].id)).at(-1)).toBe('verified');
    expect(await periodicCheck()).toEqual({ queued: 1 });
    expect(await lastAction(clips[3].id, 'rechecked')).toMatchObject({ action: 'rechecked' });
    // Twenty-six days on, the two checked 10 and 5 days ago are overdue: one run takes both.
    expect(await periodicCheck(26)).toEqual({ queued: 2 });
    expect(await lastAction(clips[0].id, 'rechecked')).toMatchObject({ action: 'rechecked' });
    expect(await lastAction(clips[2].id, 'rechecked')).toMatchObject({ action: 'rechecked' });
  });

  it('rechecks on request with 202, the worker recording the result; GET custody no longer hashes', async () => {
    const incident = await fileIncident(t);
    const clip = await verifiedClip({ incidentId: incident.id });
    const recheck = (token: string) =>
      t.http().post(`/api/v1/footage/${clip.id}/recheck`).set(bearer(token));

    // The chain of custody is read, never the object: the former in-request check is refused.
    const before = (await custody(clip.id)).events.length;
    const old = await t
      .http()
      .get(`/api/v1/footage/${clip.id}/custody?recheck=true`)
      .set(bearer(safety));
    expect(old.status).toBe(400);
    expect(old.body.details[0].field).toBe('recheck');
    expect((await custody(clip.id)).events).toHaveLength(before);

    const denied = await Promise.all(
      ['nurse', 'ministry', 'dutydesk'].map(async (u) => [
        u,
        (await recheck(await t.login(`${u}@demo.medguard.kz`))).status,
      ]),
    );
    expect(denied).toEqual([
      ['nurse', 403],
      ['ministry', 403],
      ['dutydesk', 404],
    ]);

    const asked = await Promise.all(
      Array.from({ length: 20 }, (_, i) => recheck([safety, police][i % 2])),
    );
    expect(asked.map((r) => r.status)).toEqual(Array(20).fill(202));
    expect(asked[0].body).toMatchObject({ footageId: clip.id });
    expect(await lastAction(clip.id, 'rechecked')).toMatchObject({
      actorType: 'system',
      details: { intact: true, sha256: clip.sha256 },
    });
    const requested = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'footage.recheck_requested' AND entity_id = $1`,
      [clip.id],
    );
    expect(requested).toEqual([{ n: 20 }]);

    await tamper(clip.id);
    await recheck(await t.login('admin@demo.medguard.kz')).expect(202);
    expect(await lastAction(clip.id, 'integrity_failed')).toMatchObject({
      details: { expectedSha256: clip.sha256 },
    });
  });

  it('makes a requested check the queue never took at the next periodic run', async () => {
    const clip = await verifiedClip();
    // As a request leaves it when Redis could not take the job: asked for, not queued.
    await t.db.query(
      `UPDATE footage SET recheck_requested_at = now(), last_checked_at = now() WHERE id = $1`,
      [clip.id],
    );
    expect((await periodicCheck()).queued).toBeGreaterThanOrEqual(1);
    expect(await lastAction(clip.id, 'rechecked')).toMatchObject({ details: { intact: true } });
    expect(
      (await t.db.query(`SELECT recheck_requested_at FROM footage WHERE id = $1`, [clip.id]))[0],
    ).toEqual({ recheck_requested_at: null });
  });

  it('keeps footage that failed its check: never deleted by retention, not linked or suggested anew, still viewable', async () => {
    const clip = await verifiedClip();
    await tamper(clip.id);
    await periodicCheck(RECHECK_DAYS + 1);
    await lastAction(clip.id, 'integrity_failed');

    const restore = shiftClock([t.app, worker], 365 * DAY_MS);
    try {
      await worker.get(FootageLifecycle).applyRetention();
    } finally {
      restore();
    }
    expect((await row(clip.id)).status).toBe('integrity_failed');
    expect(await storage.head((await row(clip.id)).object_key)).not.toBeNull();

    const incident = await fileIncident(t);
    const link = await t
      .http()
      .post(`/api/v1/incidents/${incident.id}/footage`)
      .set(bearer(safety))
      .send({ footageId: clip.id });
    expect(link.status).toBe(400);
    expect(link.body.details[0].field).toBe('footageId');
    const content = await t
      .http()
      .get(`/api/v1/footage/${clip.id}/content`)
      .set(bearer(safety))
      .redirects(0);
    expect(content.status).toBe(302);
  });

  it('refuses a re-check of footage the retention policy deleted with 410', async () => {
    const clip = await verifiedClip();
    const restore = shiftClock([t.app, worker], 31 * DAY_MS);
    try {
      expect(await worker.get(FootageLifecycle).applyRetention()).toBeGreaterThanOrEqual(1);
    } finally {
      restore();
    }
    expect((await row(clip.id)).status).toBe('deleted');
    const res = await t.http().post(`/api/v1/footage/${clip.id}/recheck`).set(bearer(safety));
    expect(res.status).toBe(410);
  });
});
