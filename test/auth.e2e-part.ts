import { bearer, DEMO_PASSWORDS, startTestApp, TestApp } from './support/test-app';

describe('sign-in, sessions and roles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each([
    ['admin@demo.medguard.kz', 'admin'],
    ['nurse@demo.medguard.kz', 'staff'],
    ['safety@demo.medguard.kz', 'facility_admin'],
    ['police@demo.medguard.kz', 'police'],
    ['ministry@demo.medguard.kz', 'ministry'],
  ])('the demo account %s signs in as %s and sees itself', async (email, role) => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email, password: DEMO_PASSWORDS[email] });
    expect(res.status).toBe(200);
    expect(res.body.accessToken).toMatch(/^mgs_/);
    expect(res.body.user).toMatchObject({ email, role });
    expect(res.body.user).not.toHaveProperty('passwordHash');
    const me = await t.http().get('/api/v1/auth/me').set(bearer(res.body.accessToken));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: res.body.user.id, email, role });
  });

  it('signs in whatever the case of the e-mail address', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'Nurse@Demo.MedGuard.kz', password: 'Staff-demo-2026!' });
    expect(res.status).toBe(200);
  });

  it('answers a wrong password and an unknown account alike with 401', async () => {
    const wrong = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'police@demo.medguard.kz', password: 'nope-nope-nope' });
    const unknown = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@demo.medguard.kz', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.message).toBe(unknown.body.message);
    expect(wrong.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });

  it('refuses the 6th rapid failure for an account with 429 and Retry-After, even with the right password', async () => {
    const email = 'dutydesk@demo.medguard.kz';
    for (let i = 1; i <= 5; i++) {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email, password: `wrong-${i}-xxxxxx` });
      expect(res.status).toBe(401);
    }
    const sixth = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email, password: 'wrong-6-xxxxxx' });
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    const right = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email, password: DEMO_PASSWORDS[email] });
    expect(right.status).toBe(429);
  });

  it('rejects malformed sign-in bodies with 400 naming the field', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'not-an-email', password: '' });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'email',
      'password',
    ]);
  });

  it('revokes the token on sign-out', async () => {
    const token = await t.login('ministry@demo.medguard.kz');
    expect((await t.http().post('/api/v1/auth/logout').set(bearer(token))).status).toBe(204);
    const after = await t.http().get('/api/v1/auth/me').set(bearer(token));
    expect(after.status).toBe(401);
  });

  it('stops accepting a token once it has expired', async () => {
    const res = await t.http().post('/api/v1/auth/login').send({
      email: 'admin@demo.medguard.kz',
      password: DEMO_PASSWORDS['admin@demo.medguard.kz'],
    });
    await t.db.query(
      `UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [res.body.user.id],
    );
    expect((await t.http().get('/api/v1/auth/me').set(bearer(res.body.accessToken))).status).toBe(
      401,
    );
  });

  it('answers 401 without a token and for a forged one', async () => {
    expect((await t.http().get('/api/v1/auth/me')).status).toBe(401);
    expect((await t.http().get('/api/v1/auth/me').set(bearer('mgs_forged'))).status).toBe(401);
    expect((await t.http().get('/api/v1/auth/me').set({ Authorization: 'Basic abc' })).status).toBe(
      401,
    );
  });

  it('stores passwords only as scrypt hashes', async () => {
    const [row] = await t.db.query(
      `SELECT password_hash FROM users WHERE email = 'nurse@demo.medguard.kz'`,
    );
    expect(row.password_hash).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(row.password_hash).not.toContain('Staff-demo-2026!');
  });
});
