import { INestApplicationContext } from '@nestjs/common';
import { createHash, verify } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eventually } from './support/alert-stack';
import { inFolder, opensslVerifies, pdfText, unpack, unzip } from './support/evidence-package';
import { custodyOf, startFootageStack, uploadVerified } from './support/footage';
import { fileIncident } from './support/incidents';
import { mp4 } from './support/media';
import { EvidenceSweep } from '../src/evidence/evidence-sweep';
import { ObjectStorage } from '../src/storage/object-storage.service';
import { bearer, listenOnLoopback, TestApp } from './support/test-app';
import { shiftClock } from './support/test-clock';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const HOUR = 3600_000;

jest.setTimeout(60_000);

describe('evidence packages, as a recipient checks them', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let close: () => Promise<void>;
  let base: string;
  let police: string, admin: string, safety: string, nurse: string, ministry: string;
  let dutydesk: string;
  let incident: { id: string; reference: string };
  let files: Array<{ id: string; bytes: Buffer }>;
  let packageId: string;

  /** Asks for a package as the routed officer and waits for the worker to finish it. */
  async function built(language: string, footageIds = files.map((f) => f.id)) {
    const res = await t
      .http()
      .post(`/api/v1/incidents/${incident.id}/evidence-packages`)
      .set(bearer(police))
      .send({ footageIds, language });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.any(String), status: 'building' });
    const pkg = await eventually(
      async () =>
        (await t.http().get(`/api/v1/evidence-packages/${res.body.id}`).set(bearer(police))).body,
      (p) => p.status !== 'building',
      30_000,
    );
    return pkg as { id: string; status: string; sha256: string; size: number };
  }

  /** Opens a share link as someone without an account would: a plain HTTP GET, no credentials. */
  async function openLink(url: string): Promise<{ status: number; location: string | null }> {
    const res = await fetch(`${base}${new URL(url).pathname}`, { redirect: 'manual' });
    await res.arrayBuffer();
    return { status: res.status, location: res.headers.get('location') };
  }

  const download = async (location: string) =>
    Buffer.from(await (await fetch(location)).arrayBuffer());

  beforeAll(async () => {
    ({ t, worker, close } = await startFootageStack());
    base = await listenOnLoopback(t);
    [police, admin, safety, nurse, ministry, dutydesk] = await t.loginAll(
      'police',
      'admin',
      'safety',
      'nurse',
      'ministry',
      'dutydesk',
    );
    incident = await fileIncident(t);
    files = [];
    for (const [name, size] of [
      ['admission.mp4', 300 * 1024],
      ['corridor.mp4', 200 * 1024],
    ] as const) {
      const bytes = mp4(size);
      files.push({
        id: await uploadVerified(t, safety, bytes, name, { incidentId: incident.id }),
        bytes,
      });
    }
    const pkg = await built('kk');
    expect(pkg.status).toBe('ready');
    packageId = pkg.id;
  });
  afterAll(() => close());

  it('a recipient downloads it through a share link and verifies every file, the signature and the report offline', async () => {
    const pkg = (await t.http().get(`/api/v1/evidence-packages/${packageId}`).set(bearer(police)))
      .body;
    expect(pkg).toMatchObject({ incidentId: incident.id, status: 'ready', language: 'kk' });
    const shared = await t
      .http()
      .post(`/api/v1/evidence-packages/${packageId}/share`)
      .set(bearer(police))
      .send({ expiresInHours: 48 });
    expect(shared.status).toBe(201);
    expect(new Date(shared.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(47 * HOUR);

    const opened = await openLink(shared.body.url);
    expect(opened.status).toBe(302);
    expect(new URL(opened.location!).searchParams.get('X-Amz-Expires')).toBe('300');
    const zip = await download(opened.location!);
    expect({ size: zip.length, sha256: sha256(zip) }).toEqual({
      size: pkg.size,
      sha256: pkg.sha256,
    });

    const entries = await unzip(zip);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(manifest.incident).toMatchObject({
      reference: incident.reference,
      classification: { article: '158-1', category: 'assault', ruleSetVersion: expect.any(Number) },
    });
    expect(JSON.stringify(manifest)).not.toContain('Aigerim');
    expect(manifest.files).toHaveLength(2);
    for (const [n, f] of files.entries()) {
      const listed = manifest.files[n];
      const recorded = (await t.http().get(`/api/v1/footage/${f.id}`).set(bearer(police))).body;
      const inZip = entries.get(listed.path)!;
      expect({ zip: sha256(inZip), manifest: listed.sha256, size: inZip.length }).toEqual({
        zip: recorded.sha256,
        manifest: recorded.sha256,
        size: f.bytes.length,
      });
      expect(inZip.equals(f.bytes)).toBe(true);
      expect(listed.custody.events[0]).toMatchObject({
        action: 'uploaded',
        hash: expect.any(String),
      });
    }

    const dir = await unpack(entries);
    const sums = await inFolder(dir, 'sha256sum', ['-c', 'SHA256SUMS']);
    expect(sums).toEqual({
      code: 0,
      out: expect.stringContaining(`${manifest.files[1].path}: OK`),
    });
    expect(sums.out).not.toContain('FAILED');
    expect(await opensslVerifies(dir)).toBe(true);

    const published = await t.http().get('/api/v1/evidence-packages/public-key');
    expect(published.status).toBe(200);
    expect(published.body.algorithm).toBe('Ed25519');
    expect(entries.get('public.pem')!.toString()).toBe(published.body.publicKeyPem);
    const signature = Buffer.from(entries.get('manifest.json.sig')!.toString(), 'base64');
    const manifestBytes = entries.get('manifest.json')!;
    expect(verify(null, manifestBytes, published.body.publicKeyPem, signature)).toBe(true);

    // One character of the manifest changed: neither check passes.
    const tampered = Buffer.from(
      manifestBytes.toString().replace(incident.reference, 'INC-0000-000000'),
    );
    await writeFile(join(dir, 'manifest.json'), tampered);
    expect(await opensslVerifies(dir)).toBe(false);
    expect(verify(null, tampered, published.body.publicKeyPem, signature)).toBe(false);
    expect((await inFolder(dir, 'sha256sum', ['-c', 'SHA256SUMS'])).out).toContain(
      'manifest.json: FAILED',
    );

    const readme = (await readFile(join(dir, 'README.txt'))).toString();
    expect(readme).toContain('sha256sum -c SHA256SUMS');
    expect(readme).toContain('дәлелдемелер пакеті');
    expect(readme).toContain(`Evidence package ${incident.reference}`);

    const kk = (await pdfText(entries.get('custody-report.pdf')!)).join('\n');
    expect(kk).toContain('Сақтау тізбегі туралы есеп');
    expect(kk).toContain(incident.reference);
    for (const f of manifest.files) expect(kk).toContain(f.sha256);
  });

  it('the report is in Russian when asked for, and each build is a custody event of its files', async () => {
    const ru = await built('ru', [files[1].id]);
    expect(ru.status).toBe('ready');
    const url = (
      await t.http().get(`/api/v1/evidence-packages/${ru.id}/content`).set(bearer(admin))
    ).headers.location;
    const entries = await unzip(await download(url));
    const manifest = JSON.parse(entries.get('manifest.json')!.toString());
    expect(manifest.files.map((f: { footageId: string }) => f.footageId)).toEqual([files[1].id]);
    const text = (await pdfText(entries.get('custody-report.pdf')!)).join('\n');
    expect(text).toContain('Отчёт о цепочке хранения');
    expect(text).toContain(incident.reference);
    expect(text).toContain(manifest.files[0].sha256);
    expect(entries.get('README.txt')!.toString()).toContain(
      `Пакет доказательств ${incident.reference}`,
    );

    const chain = await custodyOf(t, police, files[1].id);
    expect(chain.valid).toBe(true);
    const packaged = chain.events.filter((e) => e.action === 'packaged');
    expect(packaged.map((e) => e.details.packageId)).toEqual([packageId, ru.id]);
    expect(
      chain.events.filter((e) => e.action === 'packaged' && e.details.packageId === ru.id)[0]
        .details.packageSha256,
    ).toBe(ru.sha256);
  });

  it('every opening of a link, dozens at once, is in every file’s custody chain and the audit log with the address', async () => {
    const shared = await t
      .http()
      .post(`/api/v1/evidence-packages/${packageId}/share`)
      .set(bearer(police))
      .send({ expiresInHours: 1 });
    const before = (await custodyOf(t, police, files[0].id)).events.length;
    const opened = await Promise.all(Array.from({ length: 24 }, () => openLink(shared.body.url)));
    expect(opened.map((o) => o.status)).toEqual(Array(24).fill(302));
    for (const f of files) {
      const chain = await custodyOf(t, police, f.id);
      expect(chain.valid).toBe(true);
      const viaLink = chain.events.filter(
        (e) => e.action === 'package_downloaded' && e.actorType === 'share_link',
      );
      expect(viaLink.length).toBeGreaterThanOrEqual(24);
      expect((viaLink.at(-1) as unknown as { ip: string }).ip).toMatch(/127\.0\.0\.1/);
    }
    expect((await custodyOf(t, police, files[0].id)).events.length).toBe(before + 24);
    const audit = (await t.db.query(
      `SELECT actor_type, ip FROM audit_log WHERE action = 'evidence_package.share_opened' AND entity_id = $1`,
      [packageId],
    )) as Array<{ actor_type: string; ip: string }>;
    expect(audit.length).toBeGreaterThanOrEqual(24);
    expect(audit[0]).toEqual({
      actor_type: 'anonymous',
      ip: expect.stringMatching(/127\.0\.0\.1/),
    });
    const row = (await t.db.query(`SELECT token_hash FROM evidence_share_links`)) as Array<{
      token_hash: Buffer;
    }>;
    const token = new URL(shared.body.url).pathname.split('/').pop()!;
    expect(row.map((r) => r.token_hash.toString('hex'))).toContain(sha256(Buffer.from(token)));
    expect(JSON.stringify(await t.db.query(`SELECT * FROM evidence_share_links`))).not.toContain(
      token,
    );
  });

  it('a revoked link and an expired link answer 410, like one never issued', async () => {
    const share = async (hours: number) =>
      (
        await t
          .http()
          .post(`/api/v1/evidence-packages/${packageId}/share`)
          .set(bearer(police))
          .send({ expiresInHours: hours })
      ).body.url as string;
    const [first, second, expiring] = [await share(24), await share(24), await share(1)];
    expect((await openLink(first)).status).toBe(302);
    const revoked = await t
      .http()
      .delete(`/api/v1/evidence-packages/${packageId}/share`)
      .set(bearer(admin));
    expect(revoked.status).toBe(204);
    expect((await openLink(first)).status).toBe(410);
    expect((await openLink(second)).status).toBe(410);
    expect((await openLink(expiring)).status).toBe(410);

    const fresh = await share(1);
    expect((await openLink(fresh)).status).toBe(302);
    const restore = shiftClock([t.app, worker], HOUR + 1000);
    try {
      expect((await openLink(fresh)).status).toBe(410);
    } finally {
      restore();
    }
    const unknown = await fetch(`${base}/share/evidence/${'A'.repeat(43)}`, { redirect: 'manual' });
    expect(unknown.status).toBe(410);
    const revokedAnswer = await fetch(`${base}${new URL(first).pathname}`);
    const message = (res: Response) => res.json().then((b) => (b as { message: string }).message);
    expect(await message(unknown)).toBe(await message(revokedAnswer));
  });

  it('denies every other role, a post the report was not routed to, and bad requests', async () => {
    const paths = [
      ['get', `/api/v1/evidence-packages/${packageId}`],
      ['get', `/api/v1/evidence-packages/${packageId}/content`],
      ['post', `/api/v1/evidence-packages/${packageId}/share`],
      ['delete', `/api/v1/evidence-packages/${packageId}/share`],
      ['post', `/api/v1/incidents/${incident.id}/evidence-packages`],
    ] as const;
    const body = (path: string) =>
      path.endsWith('/share')
        ? { expiresInHours: 1 }
        : { footageIds: [files[0].id], language: 'ru' };
    for (const [method, path] of paths) {
      const as = (token: string | null) => {
        const req = t.http()[method](path);
        if (token) req.set(bearer(token));
        return method === 'post' ? req.send(body(path)) : req;
      };
      const statuses = await Promise.all([nurse, safety, ministry, dutydesk, null].map(as));
      expect({ path, method, statuses: statuses.map((r) => r.status) }).toEqual({
        path,
        method,
        statuses: [403, 403, 403, 404, 401],
      });
    }
    const count = async () =>
      (await t.db.query(`SELECT count(*)::int AS n FROM evidence_packages`))[0].n as number;
    const packagesBefore = await count();
    const refuse = async (sent: object, field: string) => {
      const res = await t
        .http()
        .post(`/api/v1/incidents/${incident.id}/evidence-packages`)
        .set(bearer(police))
        .send(sent);
      expect({
        status: res.status,
        fields: res.body.details?.map((d: { field: string }) => d.field),
      }).toEqual({ status: 400, fields: expect.arrayContaining([field]) });
    };
    await refuse({ footageIds: [], language: 'kk' }, 'footageIds');
    await refuse({ footageIds: [files[0].id], language: 'de' }, 'language');
    const other = await fileIncident(t);
    const unlinked = await uploadVerified(t, safety, mp4(4096), 'other.mp4', {
      incidentId: other.id,
    });
    await refuse({ footageIds: [files[0].id, unlinked], language: 'kk' }, 'footageIds[1]');
    const tooLong = await t
      .http()
      .post(`/api/v1/evidence-packages/${packageId}/share`)
      .set(bearer(police))
      .send({ expiresInHours: 169 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.details[0].field).toBe('expiresInHours');
    expect(await count()).toBe(packagesBefore);
  });

  it('a file that no longer matches its hash fails the build: nothing half-made is marked ready or left in the bucket', async () => {
    const bytes = mp4(64 * 1024);
    const id = await uploadVerified(t, safety, bytes, 'tampered.mp4', { incidentId: incident.id });
    const [{ object_key: key }] = await t.db.query(`SELECT object_key FROM footage WHERE id = $1`, [
      id,
    ]);
    const parts = key.split('/');
    const file = join(
      process.env.TEST_S3_DIR!,
      t.config.s3.bucket,
      ...parts.slice(0, -1),
      `${parts.at(-1)}._S3rver_object`,
    );
    const stored = await readFile(file);
    stored[stored.length >> 1] ^= 0xff;
    await writeFile(file, stored);

    const pkg = await built('en', [files[0].id, id]);
    expect({ status: pkg.status, sha256: pkg.sha256, size: pkg.size }).toEqual({
      status: 'failed',
      sha256: null,
      size: null,
    });
    const [{ object_key: zipKey }] = await t.db.query(
      `SELECT object_key FROM evidence_packages WHERE id = $1`,
      [pkg.id],
    );
    expect(await t.app.get(ObjectStorage).head(zipKey)).toBeNull();
    const chain = await custodyOf(t, police, files[0].id);
    expect(chain.events.filter((e) => e.details.packageId === pkg.id)).toEqual([]);
    const content = await t
      .http()
      .get(`/api/v1/evidence-packages/${pkg.id}/content`)
      .set(bearer(police));
    expect(content.status).toBe(409);
  });
  it('a package whose job never reached Redis is built by the sweep', async () => {
    // What a request leaves when Redis could not take the job: the rows, no job.
    const [{ id }] = await t.db.query(
      `INSERT INTO evidence_packages (incident_id, language, object_key, created_at)
       VALUES ($1, 'en', 'evidence-packages/swept-' || gen_random_uuid() || '.zip', now() - interval '3 minutes')
       RETURNING id`,
      [incident.id],
    );
    await t.db.query(
      `INSERT INTO evidence_package_files (package_id, footage_id, position) VALUES ($1, $2, 0)`,
      [id, files[0].id],
    );
    expect(await worker.get(EvidenceSweep).sweep()).toBeGreaterThanOrEqual(1);
    const status = await eventually(
      async () =>
        (await t.db.query(`SELECT status FROM evidence_packages WHERE id = $1`, [id]))[0].status,
      (s) => s !== 'building',
      30_000,
    );
    expect(status).toBe('ready');
  });

  it('guessing at links from one address is held off with 429 and Retry-After', async () => {
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        fetch(`${base}/share/evidence/${String(n).padStart(43, 'x')}`, { redirect: 'manual' }),
      ),
    );
    const statuses = guesses.map((g) => g.status);
    expect(statuses.every((s) => s === 410 || s === 429)).toBe(true);
    const held = await fetch(`${base}/share/evidence/${'B'.repeat(43)}`, { redirect: 'manual' });
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
