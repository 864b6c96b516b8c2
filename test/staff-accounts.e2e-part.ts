import { DEMO_IDS } from '../seeds/demo';
import { seedId } from '../seeds/seed-ids';
import { auditOf, uniqueEmail } from './support/accounts';
import { captureStdout, CapturedOutput } from './support/captured-output';
import { bearer, startTestApp, TestApp } from './support/test-app';

const CENTRAL = DEMO_IDS.centralHospital;
const OTHER_HOSPITAL = seedId('facility:almaty:gkb:1');

describe('staff accounts: created with a set-password link, deactivated and brought back', () => {
  let t: TestApp;
  let out: CapturedOutput;
  let admin: string;
  let safety: string;
  let nurse: string;
  let police: string;

  beforeAll(async () => {
    out = captureStdout();
    t = await startTestApp({ TRUST_PROXY: 'loopback', LOG_LEVEL: 'debug' });
    [admin, safety, nurse, police] = await t.loginAll('admin', 'safety', 'nurse', 'police');
  });
  afterAll(async () => {
    await t.close();
    out.restore();
  });

  let address = '';
  let tests = 0;
  beforeEach(() => {
    address = `203.0.113.${++tests}`;
  });
  const staff = (over: Record<string, unknown> = {}) => ({
    email: uniqueEmail('staff'),
    fullName: 'Aigerim Sadykova',
    role: 'staff',
    facilityId: CENTRAL,
    phone: '+77011234567',
    locale: 'kk',
    ...over,
  });
  const create = (token: string, body: Record<string, unknown>) =>
    t.http().post('/api/v1/users').set(bearer(token)).send(body);
  const tokenOf = (url: string) => new URL(url).hash.slice(1);
  const useLink = (token: string, newPassword = 'Chosen-password-2026') =>
    t
      .http()
      .post('/api/v1/auth/password-reset')
      .set('X-Forwarded-For', address)
      .send({ token, newPassword });
  const signIn = (email: string, password: string) =>
    t.http().post('/api/v1/auth/login').set('X-Forwarded-For', address).send({ email, password });
  const userCount = async () =>
    Number((await t.db.query(`SELECT count(*)::int AS n FROM users`))[0].n);

  it('creates a staff account without a typed password and answers with a one-time link whose holder then signs in', async () => {
    const body = staff();
    const res = await create(safety, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: body.email, role: 'staff', facilityId: CENTRAL });
    const link = res.body.setPasswordLink;
    expect(new URL(link.url).pathname).toBe('/password-reset');
    const hours = (Date.parse(link.expiresAt) - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    // No password works before the link is used.
    expect((await signIn(body.email, 'Chosen-password-2026')).status).toBe(401);
    expect((await useLink(tokenOf(link.url))).status).toBe(204);
    const signedIn = await signIn(body.email, 'Chosen-password-2026');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ id: res.body.id, role: 'staff', locale: 'kk' });
    // Single use.
    const again = await useLink(tokenOf(link.url), 'Another-password-2026');
    expect(again.status).toBe(400);
    expect(again.body.details[0].field).toBe('token');
    expect(await auditOf(t, 'user.password_reset_issued', res.body.id)).toHaveLength(1);
  });

  it('with a typed password creates the account as before, with no link', async () => {
    const body = staff({ password: 'Typed-password-2026' });
    const res = await create(admin, body);
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty('setPasswordLink');
    expect((await signIn(body.email, 'Typed-password-2026')).status).toBe(200);
  });

  it('gives each of a dozen accounts created at once a working link of its own', async () => {
    const bodies = Array.from({ length: 12 }, () => staff());
    const answers = await Promise.all(bodies.map((b) => create(safety, b)));
    expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 201));
    const links = answers.map((a) => tokenOf(a.body.setPasswordLink.url));
    expect(new Set(links).size).toBe(12);
    const used = await Promise.all(links.map((l) => useLink(l)));
    expect(used.map((u) => u.status)).toEqual(links.map(() => 204));
    const signIns = await Promise.all(bodies.map((b) => signIn(b.email, 'Chosen-password-2026')));
    expect(signIns.map((s) => s.status)).toEqual(bodies.map(() => 200));
  });

  it('still refuses a facility admin other roles and other facilities, and other roles entirely, writing nothing', async () => {
    const before = await userCount();
    const refused = await Promise.all([
      create(safety, staff({ role: 'facility_admin' })),
      create(safety, staff({ role: 'police', facilityId: undefined })),
      create(safety, staff({ role: 'admin', facilityId: undefined })),
      create(safety, staff({ facilityId: OTHER_HOSPITAL })),
      create(nurse, staff()),
      create(police, staff()),
    ]);
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403]);
    for (const r of refused) expect(r.body).not.toHaveProperty('setPasswordLink');
    const taken = staff();
    const racing = await Promise.all(Array.from({ length: 6 }, () => create(safety, taken)));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await userCount()).toBe(before + 1);
    expect(
      Number(
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM password_resets r JOIN users u ON u.id = r.user_id WHERE lower(u.email) = lower($1)`,
            [taken.email],
          )
        )[0].n,
      ),
    ).toBe(1);
  });

  it('never writes a link or its token to the log', async () => {
    const res = await create(safety, staff());
    const url = res.body.setPasswordLink.url as string;
    expect((await useLink(tokenOf(url))).status).toBe(204);
    const log = out.lines().join('\n');
    expect(log).toContain('"level"');
    expect(log).not.toContain(tokenOf(url));
    expect(log).not.toContain(tokenOf(url).slice(4, 24));
  });

  describe('deactivation and its undo', () => {
    const patch = (token: string, id: string, body: Record<string, unknown>) =>
      t.http().patch(`/api/v1/users/${id}`).set(bearer(token)).send(body);
    const remove = (token: string, id: string) =>
      t.http().delete(`/api/v1/users/${id}`).set(bearer(token));
    const person = async () => {
      const body = staff({ password: 'Own-password-2026' });
      const res = await create(admin, body);
      expect(res.status).toBe(201);
      return {
        id: res.body.id as string,
        email: body.email,
        token: await t.login(body.email, 'Own-password-2026'),
      };
    };

    it('brings a deactivated account back with active: true; its holder signs in again with the same password', async () => {
      const p = await person();
      expect((await remove(safety, p.id)).status).toBe(204);
      expect((await t.http().get('/api/v1/auth/me').set(bearer(p.token))).status).toBe(401);
      expect((await signIn(p.email, 'Own-password-2026')).status).toBe(401);
      const back = await patch(safety, p.id, { active: true });
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ id: p.id, active: true, deactivatedAt: null });
      expect((await signIn(p.email, 'Own-password-2026')).status).toBe(200);
      expect(await auditOf(t, 'user.reactivated', p.id)).toHaveLength(1);
    });

    it('leaves an account an admin deactivated for an admin to bring back', async () => {
      const p = await person();
      expect((await remove(admin, p.id)).status).toBe(204);
      const refused = await patch(safety, p.id, { active: true });
      expect(refused.status).toBe(403);
      expect((await signIn(p.email, 'Own-password-2026')).status).toBe(401);
      expect((await patch(admin, p.id, { active: true })).status).toBe(200);
      expect((await signIn(p.email, 'Own-password-2026')).status).toBe(200);
    });

    it('lets no one bring back an account outside their scope, nor a non-staff account as a facility admin', async () => {
      const other = (
        await create(admin, staff({ facilityId: OTHER_HOSPITAL, password: 'Own-password-2026' }))
      ).body;
      const colleague = (
        await create(admin, staff({ role: 'facility_admin', password: 'Own-password-2026' }))
      ).body;
      expect((await remove(admin, other.id)).status).toBe(204);
      expect((await remove(admin, colleague.id)).status).toBe(204);
      const answers = await Promise.all([
        patch(safety, other.id, { active: true }),
        patch(safety, colleague.id, { active: true }),
        patch(nurse, colleague.id, { active: true }),
      ]);
      expect(answers.map((a) => a.status)).toEqual([404, 403, 403]);
      const rows = (await t.db.query(
        `SELECT deactivated_at FROM users WHERE id = ANY($1::uuid[])`,
        [[other.id, colleague.id]],
      )) as Array<{ deactivated_at: Date | null }>;
      expect(rows.every((r) => r.deactivated_at !== null)).toBe(true);
    });

    it('ends up in one state when a deactivation and a reactivation race, and deactivating with active: false ends the sessions too', async () => {
      const p = await person();
      const raced = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          i % 2 ? patch(safety, p.id, { active: true }) : remove(safety, p.id),
        ),
      );
      expect(raced.every((r) => r.status === 200 || r.status === 204)).toBe(true);
      const off = await patch(safety, p.id, { active: false });
      expect([off.status, off.body.active]).toEqual([200, false]);
      expect((await signIn(p.email, 'Own-password-2026')).status).toBe(401);
      expect((await patch(safety, p.id, { active: 'yes' })).body.details).toEqual([
        expect.objectContaining({ field: 'active' }),
      ]);
    });
  });

  it('lists a facility’s accounts with MFA on or off and the last sign-in', async () => {
    const body = staff({ password: 'Own-password-2026' });
    const made = await create(safety, body);
    expect(made.body).toMatchObject({ mfaEnabled: false, lastSignInAt: null });
    await t.login(body.email, 'Own-password-2026');
    const list = await t
      .http()
      .get(`/api/v1/users?facilityId=${CENTRAL}&limit=200`)
      .set(bearer(safety));
    expect(list.status).toBe(200);
    const row = list.body.items.find((u: { id: string }) => u.id === made.body.id);
    expect(row).toMatchObject({ mfaEnabled: false, lastSignInAt: expect.any(String) });
    expect(Date.now() - Date.parse(row.lastSignInAt)).toBeLessThan(60_000);
  });
});
