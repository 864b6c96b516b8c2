import { DEMO_IDS } from '../seeds/demo';
import { auditOf, makeAccount, uniqueEmail } from './support/accounts';
import { bearer, startTestApp, TestApp } from './support/test-app';

const email = uniqueEmail;

describe('passwords: the policy, changing one’s own', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'loopback' });
    [admin] = await t.loginAll('admin');
  });
  afterAll(() => t.close());

  const account = (over: Record<string, unknown> = {}) => makeAccount(t, admin, over);
  const signIn = (address: string, password: string) =>
    t.http().post('/api/v1/auth/login').send({ email: address, password });
  const audited = (action: string, entityId: string) => auditOf(t, action, entityId);

  describe('the policy, wherever a password is set', () => {
    it.each([
      ['password1234', /common/],
      ['QWERTY123456', /common/],
      ['🔒'.repeat(11), /at least 12/],
      ['short-pass', /at least 12/],
    ])('refuses %j for a new account with 400 naming password', async (password, rule) => {
      const res = await t
        .http()
        .post('/api/v1/users')
        .set(bearer(admin))
        .send({
          email: email('weak'),
          fullName: 'Weak',
          role: 'staff',
          facilityId: DEMO_IDS.centralHospital,
          password,
        });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([
        {
          field: 'password',
          message: expect.stringMatching(rule),
          code: String(rule).includes('at least') ? 'too_short' : 'invalid',
        },
      ]);
    });

    it('refuses a common password set by an admin on an account', async () => {
      const person = await account();
      const res = await t
        .http()
        .patch(`/api/v1/users/${person.id}`)
        .set(bearer(admin))
        .send({ password: 'password1234' });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([
        { field: 'password', message: expect.stringMatching(/common/), code: 'invalid' },
      ]);
      expect((await signIn(person.email, person.password)).status).toBe(200);
    });
  });

  describe('POST /auth/password', () => {
    it('sets the new password, keeps this session, ends the others, and audits it', async () => {
      const person = await account();
      const others = await Promise.all(
        Array.from({ length: 5 }, async () => (await signIn(person.email, person.password)).body),
      );
      const res = await t
        .http()
        .post('/api/v1/auth/password')
        .set(bearer(person.token))
        .send({ currentPassword: person.password, newPassword: 'Second-password-2026' });
      expect(res.status).toBe(204);
      expect((await t.http().get('/api/v1/auth/me').set(bearer(person.token))).status).toBe(200);
      for (const other of others)
        expect((await t.http().get('/api/v1/auth/me').set(bearer(other.accessToken))).status).toBe(
          401,
        );
      expect((await signIn(person.email, person.password)).status).toBe(401);
      expect((await signIn(person.email, 'Second-password-2026')).status).toBe(200);
      expect(await audited('auth.password_changed', person.id)).toEqual([
        { actor_id: person.id, details: expect.any(Object) },
      ]);
    });

    it('refuses a wrong current password with 400 naming currentPassword, changing nothing', async () => {
      const person = await account();
      const res = await t
        .http()
        .post('/api/v1/auth/password')
        .set(bearer(person.token))
        .send({ currentPassword: 'not-my-password-at-all', newPassword: 'Second-password-2026' });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([
        { field: 'currentPassword', message: expect.any(String), code: 'invalid' },
      ]);
      expect((await signIn(person.email, person.password)).status).toBe(200);
    });

    it('refuses a new password the policy refuses, naming newPassword and the rule', async () => {
      const person = await account();
      for (const [newPassword, rule] of [
        ['password1234', /common/],
        ['too-short', /at least 12/],
      ] as const) {
        const res = await t
          .http()
          .post('/api/v1/auth/password')
          .set(bearer(person.token))
          .send({ currentPassword: person.password, newPassword });
        expect(res.status).toBe(400);
        expect(res.body.details).toEqual([
          {
            field: 'newPassword',
            message: expect.stringMatching(rule),
            code: String(rule).includes('at least') ? 'too_short' : 'invalid',
          },
        ]);
      }
    });

    it('counts wrong current passwords in the sign-in limits, also when guessed in parallel', async () => {
      const person = await account();
      const guesses = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          t
            .http()
            .post('/api/v1/auth/password')
            .set(bearer(person.token))
            .send({ currentPassword: `guess-number-${i}-xx`, newPassword: 'Second-password-2026' }),
        ),
      );
      const statuses = guesses.map((g) => g.status);
      expect(statuses.filter((s) => s === 400).length).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(7);
      // The right password is now refused too, until the wait is over.
      const right = await t
        .http()
        .post('/api/v1/auth/password')
        .set(bearer(person.token))
        .send({ currentPassword: person.password, newPassword: 'Second-password-2026' });
      expect(right.status).toBe(429);
      expect(right.headers['retry-after']).toMatch(/^\d+$/);
    });
  });
});
