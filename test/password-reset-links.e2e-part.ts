import { seedId } from '../seeds/seed-ids';
import { shiftClock } from './support/test-clock';
import { auditOf, makeAccount } from './support/accounts';
import { bearer, startTestApp, TestApp } from './support/test-app';

const OTHER_HOSPITAL = seedId('facility:almaty:gkb:1');

describe('passwords: one-time reset links', () => {
  let t: TestApp;
  let admin: string;
  let safety: string;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'loopback' });
    [admin, safety] = await t.loginAll('admin', 'safety');
  });
  afterAll(() => t.close());

  const account = (over: Record<string, unknown> = {}) => makeAccount(t, admin, over);
  const signIn = (address: string, password: string) =>
    t.http().post('/api/v1/auth/login').send({ email: address, password });
  const audited = (action: string, entityId: string) => auditOf(t, action, entityId);

  describe('POST /users/:id/password-reset and the link it gives', () => {
    const issue = (token: string, userId: string) =>
      t.http().post(`/api/v1/users/${userId}/password-reset`).set(bearer(token));
    // Each test from an address of its own, so refused tokens of one never hold up another.
    let address = '';
    let tests = 0;
    beforeEach(() => {
      address = `203.0.113.${++tests}`;
    });
    const useLink = (token: string, newPassword = 'Reset-password-2026') =>
      t
        .http()
        .post('/api/v1/auth/password-reset')
        .set('X-Forwarded-For', address)
        .send({ token, newPassword });
    const tokenOf = (url: string) => new URL(url).hash.slice(1);

    it('gives a one-time link for 24 h, with the token in the fragment, under the public address', async () => {
      const person = await account();
      const res = await issue(admin, person.id);
      expect(res.status).toBe(201);
      const url = new URL(res.body.url);
      expect(`${url.origin}${url.pathname}`).toBe(`${t.config.publicUrl}/password-reset`);
      expect(url.search).toBe('');
      expect(tokenOf(res.body.url).length).toBeGreaterThanOrEqual(40);
      const hours = (Date.parse(res.body.expiresAt) - Date.now()) / 3600_000;
      expect(hours).toBeGreaterThan(23.9);
      expect(hours).toBeLessThanOrEqual(24);
      // Shown once: only its hash is kept.
      const stored = JSON.stringify(await t.db.query(`SELECT * FROM password_resets`));
      expect(stored).not.toContain(tokenOf(res.body.url));
      expect(await audited('user.password_reset_issued', person.id)).toHaveLength(1);
    });

    it('sets the password once, ends every session of the account, and audits it', async () => {
      const person = await account();
      const link = tokenOf((await issue(admin, person.id)).body.url);
      const used = await useLink(link);
      expect({ status: used.status, body: used.body }).toEqual({ status: 204, body: {} });
      expect((await t.http().get('/api/v1/auth/me').set(bearer(person.token))).status).toBe(401);
      expect((await signIn(person.email, person.password)).status).toBe(401);
      expect((await signIn(person.email, 'Reset-password-2026')).status).toBe(200);
      const again = await useLink(link, 'Another-password-2026');
      expect(again.status).toBe(400);
      expect(again.body.details).toEqual([
        { field: 'token', message: expect.any(String), code: 'invalid' },
      ]);
      expect(await audited('user.password_reset_used', person.id)).toHaveLength(1);
    });

    it('sets the password once when ten requests use the same link at the same moment', async () => {
      const person = await account();
      const link = tokenOf((await issue(admin, person.id)).body.url);
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => useLink(link, `Parallel-password-${i}-2026`)),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 204)).toHaveLength(1);
      expect(statuses.filter((s) => s === 400)).toHaveLength(9);
      const winner = statuses.indexOf(204);
      expect((await signIn(person.email, `Parallel-password-${winner}-2026`)).status).toBe(200);
      expect(await audited('user.password_reset_used', person.id)).toHaveLength(1);
    });

    it('lets people behind one address use their own links at the same time', async () => {
      const people = await Promise.all(Array.from({ length: 8 }, () => account()));
      const links = await Promise.all(
        people.map(async (p) => tokenOf((await issue(admin, p.id)).body.url)),
      );
      const answers = await Promise.all(links.map((link) => useLink(link)));
      expect(answers.map((a) => a.status)).toEqual(links.map(() => 204));
    });

    it('refuses an address that keeps sending wrong tokens with 429 and Retry-After', async () => {
      const person = await account();
      const link = tokenOf((await issue(admin, person.id)).body.url);
      const from = { 'X-Forwarded-For': '198.51.100.23' };
      for (let i = 0; i < 10; i++)
        expect(
          (
            await t
              .http()
              .post('/api/v1/auth/password-reset')
              .set(from)
              .send({ token: `mgr_guess${i}`, newPassword: 'Reset-password-2026' })
          ).status,
        ).toBe(400);
      const refused = await t
        .http()
        .post('/api/v1/auth/password-reset')
        .set(from)
        .send({ token: link, newPassword: 'Reset-password-2026' });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // Another address is not held up by it.
      expect((await useLink(link)).status).toBe(204);
    });

    it('voids the older link when a newer one is issued', async () => {
      const person = await account();
      const older = tokenOf((await issue(admin, person.id)).body.url);
      const newer = tokenOf((await issue(safety, person.id)).body.url);
      expect((await useLink(older)).status).toBe(400);
      expect((await useLink(newer)).status).toBe(204);
    });

    it('refuses a link after 24 hours, and an unknown one, naming token', async () => {
      const person = await account();
      const link = tokenOf((await issue(admin, person.id)).body.url);
      const restore = shiftClock([t.app], 24 * 3600_000 + 1000);
      try {
        const late = await useLink(link);
        expect(late.status).toBe(400);
        expect(late.body.details).toEqual([
          { field: 'token', message: expect.any(String), code: 'invalid' },
        ]);
      } finally {
        restore();
      }
      const unknown = await useLink('mgr_' + 'A'.repeat(43));
      expect(unknown.status).toBe(400);
      expect(unknown.body.details[0].field).toBe('token');
      expect((await signIn(person.email, person.password)).status).toBe(200);
    });

    it('applies the policy to the new password, keeping the link usable', async () => {
      const person = await account();
      const link = tokenOf((await issue(admin, person.id)).body.url);
      const weak = await useLink(link, 'password1234');
      expect(weak.status).toBe(400);
      expect(weak.body.details).toEqual([
        { field: 'newPassword', message: expect.stringMatching(/common/), code: 'invalid' },
      ]);
      expect((await useLink(link)).status).toBe(204);
    });

    it('lets a facility admin issue links for the own facility’s staff only', async () => {
      const own = await account();
      const other = await account({ facilityId: OTHER_HOSPITAL });
      const colleague = await account({ role: 'facility_admin' });
      const anAdmin = await account({ role: 'admin', facilityId: undefined });
      const safetyId = (await t.http().get('/api/v1/auth/me').set(bearer(safety))).body.id;
      expect((await issue(safety, own.id)).status).toBe(201);
      expect((await issue(safety, other.id)).status).toBe(404);
      expect((await issue(safety, colleague.id)).status).toBe(403);
      expect((await issue(safety, anAdmin.id)).status).toBe(404);
      expect((await issue(safety, safetyId)).status).toBe(403);
      expect((await issue(admin, other.id)).status).toBe(201);
      const nurse = (await t.loginAll('nurse'))[0];
      expect((await issue(nurse, own.id)).status).toBe(403);
      expect((await issue(admin, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });

    it('gives no link for a deactivated account, and a link stops working when it is deactivated', async () => {
      const person = await account();
      const link = tokenOf((await issue(admin, person.id)).body.url);
      expect((await t.http().delete(`/api/v1/users/${person.id}`).set(bearer(admin))).status).toBe(
        204,
      );
      expect((await useLink(link)).status).toBe(400);
      expect((await issue(admin, person.id)).status).toBe(409);
    });
  });
});
