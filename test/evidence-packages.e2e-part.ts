import { INestApplicationContext } from '@nestjs/common';
import { createHash, verify } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EvidenceSweep } from '../src/evidence/evidence-sweep';
import { ObjectStorage } from '../src/storage/object-storage.service';
import { eventually } from './support/alert-stack';
import { inFolder, opensslVerifies, pdfText, unpack, unzip } from './support/evidence-package';
import { custodyOf, uploadVerified } from './support/footage';
import { mp4 } from './support/media';
import { PackageStack, startPackageStack } from './support/package-stack';
import { bearer, TestApp } from './support/test-app';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const HOUR = 3600_000;

jest.setTimeout(60_000);

describe('evidence packages, as a recipient checks them', () => {
  let s: PackageStack;
  let t: TestApp;
  let worker: INestApplicationContext;
  let police: string, admin: string, safety: string;
  let incident: PackageStack['incident'];
  let files: PackageStack['files'];
  let packageId: string;
  const built = (language: string, footageIds?: string[]) => s.built(language, footageIds);
  const openLink = (url: string) => s.openLink(url);
  const download = (location: string) => s.download(location);

  beforeAll(async () => {
    s = await startPackageStack();
    ({ t, worker, incident, files, packageId } = s);
    ({ police, admin, safety } = s.as);
  });
  afterAll(() => s.close());

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
});
