import { INestApplicationContext } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { custodyOf, uploadVerified } from './support/footage';
import { fileIncident } from './support/incidents';
import { mp4 } from './support/media';
import { PackageStack, startPackageStack } from './support/package-stack';
import { bearer, TestApp } from './support/test-app';
import { shiftClock } from './support/test-clock';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const HOUR = 3600_000;

jest.setTimeout(60_000);

describe('share links of evidence packages, and who may use packages', () => {
  let s: PackageStack;
  let t: TestApp;
  let worker: INestApplicationContext;
  let base: string;
  let police: string, admin: string, safety: string, nurse: string, ministry: string;
  let dutydesk: string;
  let incident: PackageStack['incident'];
  let files: PackageStack['files'];
  let packageId: string;
  const openLink = (url: string) => s.openLink(url);

  beforeAll(async () => {
    s = await startPackageStack();
    ({ t, worker, base, incident, files, packageId } = s);
    ({ police, admin, safety, nurse, ministry, dutydesk } = s.as);
  });
  afterAll(() => s.close());

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
