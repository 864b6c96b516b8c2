import { enableMfa, freshUser, midStep, STEP_MS, totpAt } from './support/mfa';
import { bearer, startTestApp, TestApp } from './support/test-app';
import { shiftClock } from './support/test-clock';

/** Police and the ministry must sign in with a code here; the other roles may choose to. */
const REQUIRED = 'police,ministry';

describe('multi-factor sign-in (TOTP)', () => {
  let t: TestApp;
  let restore: () => void = () => undefined;
  let lastPinned = 0;

  beforeAll(async () => {
    t = await startTestApp({ MFA_REQUIRED_ROLES: REQUIRED });
  });
  afterEach(() => restore());
  afterAll(() => t.close());

  /** Puts the API's clock in the middle of a time step no test used before; answers that instant. */
  function pinClock(): number {
    restore();
    const at = Math.max(midStep(), lastPinned + 4 * STEP_MS);
    lastPinned = at;
    restore = shiftClock([t.app], at - Date.now());
    return at;
  }

  const signIn = (email: string, password: string, code?: string) =>
    t
      .http()
      .post('/api/v1/auth/login')
      .send(code === undefined ? { email, password } : { email, password, code });

  const auditActions = async (userId: string) =>
    (
      (await t.db.query(
        `SELECT action, details FROM audit_log WHERE entity_id::text = $1 OR actor_id::text = $1 ORDER BY seq`,
        [userId],
      )) as Array<{ action: string; details: Record<string, unknown> }>
    ).map((r) => r.action);

  it('sets up with a secret and an otpauth URI for the e-mail, kept sealed until confirmed', async () => {
    const at = pinClock();
    const user = await freshUser(t);
    const setup = await t.http().post('/api/v1/auth/mfa/setup').set(bearer(user.token));
    expect(setup.status).toBe(200);
    const { secret, otpauthUri } = setup.body as { secret: string; otpauthUri: string };
    expect(secret).toMatch(/^[A-Z2-7]{32,}$/);
    const uri = new URL(otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe(`/MedGuard:${user.email}`);
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('MedGuard');
    // Sealed at rest: the database holds no copy of the secret in the clear.
    const [row] = await t.db.query(`SELECT * FROM user_mfa WHERE user_id = $1`, [user.id]);
    expect(row).toBeDefined();
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(Buffer.from(row.secret_enc).toString('latin1')).not.toContain(secret);
    // Pending only: a password alone still signs in.
    await expect(signIn(user.email, user.password)).resolves.toMatchObject({ status: 200 });

    // Setting up again replaces the pending secret: the first one's code no longer confirms.
    const again = await t.http().post('/api/v1/auth/mfa/setup').set(bearer(user.token));
    expect(again.status).toBe(200);
    expect(again.body.secret).not.toBe(secret);
    const stale = await t
      .http()
      .post('/api/v1/auth/mfa/confirm')
      .set(bearer(user.token))
      .send({ code: await totpAt(secret, at) });
    expect(stale.status).toBe(400);
    expect(stale.body.details).toEqual([
      { field: 'code', message: expect.any(String), code: 'invalid' },
    ]);
    const me = await t.http().get('/api/v1/auth/me').set(bearer(user.token));
    expect(me.body).toMatchObject({ mfaEnabled: false, mfaSetupRequired: false });
  });

  it('confirms with a right code only, shows 10 recovery codes once and keeps only their hashes', async () => {
    const at = pinClock();
    const user = await freshUser(t);
    const setup = await t.http().post('/api/v1/auth/mfa/setup').set(bearer(user.token));
    const secret = setup.body.secret as string;
    const right = await totpAt(secret, at);
    const wrong = right === '000000' ? '111111' : '000000';
    const refused = await t
      .http()
      .post('/api/v1/auth/mfa/confirm')
      .set(bearer(user.token))
      .send({ code: wrong });
    expect(refused.status).toBe(400);
    expect(refused.body.details[0].field).toBe('code');
    const malformed = await t
      .http()
      .post('/api/v1/auth/mfa/confirm')
      .set(bearer(user.token))
      .send({ code: 'abc' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.details[0].field).toBe('code');

    const confirmed = await t
      .http()
      .post('/api/v1/auth/mfa/confirm')
      .set(bearer(user.token))
      .send({ code: right });
    expect(confirmed.status).toBe(200);
    const codes = confirmed.body.recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = JSON.stringify(
      await t.db.query(`SELECT * FROM user_recovery_codes WHERE user_id = $1`, [user.id]),
    );
    for (const code of codes) expect(stored).not.toContain(code);
    await expect(
      t.db.query(`SELECT count(*)::int AS n FROM user_recovery_codes WHERE user_id = $1`, [
        user.id,
      ]),
    ).resolves.toEqual([{ n: 10 }]);

    // An active secret is never replaced by another setup, nor confirmed twice.
    const replace = await t.http().post('/api/v1/auth/mfa/setup').set(bearer(user.token));
    expect(replace.status).toBe(409);
    const me = await t.http().get('/api/v1/auth/me').set(bearer(user.token));
    expect(me.body).toMatchObject({ mfaEnabled: true, mfaSetupRequired: false });
    await expect(auditActions(user.id)).resolves.toContain('auth.mfa_enabled');
  });

  it('asks for the code after a right password, accepts one step of drift either way and never the same step twice', async () => {
    const at = pinClock();
    const user = await freshUser(t, 'facility_admin');
    const { secret } = await enableMfa(t, user.token, at);

    const alone = await signIn(user.email, user.password);
    expect(alone.status).toBe(401);
    expect(alone.body.mfaRequired).toBe(true);
    // A wrong password says nothing about MFA.
    const wrongPassword = await signIn(user.email, 'not-the-password-at-all');
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.body.mfaRequired).toBeUndefined();

    // The step the confirmation used is spent; the next one (a phone one step ahead) works once.
    await expect(
      signIn(user.email, user.password, await totpAt(secret, at)),
    ).resolves.toMatchObject({ status: 401, body: { mfaRequired: true } });
    const ahead = await signIn(user.email, user.password, await totpAt(secret, at + STEP_MS));
    expect(ahead.status).toBe(200);
    expect(ahead.body.accessToken).toMatch(/^mgs_/);
    await expect(
      signIn(user.email, user.password, await totpAt(secret, at + STEP_MS)),
    ).resolves.toMatchObject({ status: 401 });
    // Two steps ahead is too far.
    await expect(
      signIn(user.email, user.password, await totpAt(secret, at + 2 * STEP_MS)),
    ).resolves.toMatchObject({ status: 401 });

    // Three steps later, a phone one step behind still signs in.
    restore();
    restore = shiftClock([t.app], at + 3 * STEP_MS - Date.now());
    const behind = await signIn(user.email, user.password, await totpAt(secret, at + 2 * STEP_MS));
    expect(behind.status).toBe(200);
  });

  it('lets exactly one of two parallel sign-ins with the same code through', async () => {
    const at = pinClock();
    const user = await freshUser(t);
    const { secret } = await enableMfa(t, user.token, at);
    const code = await totpAt(secret, at + STEP_MS);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => signIn(user.email, user.password, code)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401, 401]);
  });

  it('takes each recovery code once, also when it is sent many times at once', async () => {
    pinClock();
    const user = await freshUser(t);
    const { recoveryCodes } = await enableMfa(t, user.token, lastPinned);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => signIn(user.email, user.password, recoveryCodes[0])),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401, 401]);
    // Typed in capitals and without dashes it is the same code.
    const typed = recoveryCodes[1].replace(/-/g, '').toUpperCase();
    await expect(signIn(user.email, user.password, typed)).resolves.toMatchObject({
      status: 200,
    });
    await expect(signIn(user.email, user.password, typed)).resolves.toMatchObject({
      status: 401,
    });
    const used = await t.db.query(
      `SELECT count(*)::int AS n FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NOT NULL`,
      [user.id],
    );
    expect(used).toEqual([{ n: 2 }]);
    const actions = await auditActions(user.id);
    expect(actions.filter((a) => a === 'auth.recovery_code_used')).toHaveLength(2);
  });

  it('counts wrong codes in the sign-in limits, so parallel guessing stops at the limit', async () => {
    const at = pinClock();
    const user = await freshUser(t);
    const { secret } = await enableMfa(t, user.token, at);
    const right = await totpAt(secret, at + STEP_MS);
    const wrong = right === '123456' ? '654321' : '123456';
    const guesses = await Promise.all(
      Array.from({ length: 12 }, () => signIn(user.email, user.password, wrong)),
    );
    const statuses = guesses.map((g) => g.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    // The right code waits out the delay like a right password does.
    await expect(signIn(user.email, user.password, right)).resolves.toMatchObject({ status: 429 });
  });

  it('signs the pages in with the code too', async () => {
    const at = pinClock();
    const user = await freshUser(t);
    const { secret } = await enableMfa(t, user.token, at);
    const alone = await t
      .http()
      .post('/web/session')
      .send({ email: user.email, password: user.password });
    expect(alone.status).toBe(401);
    expect(alone.body.mfaRequired).toBe(true);
    expect(alone.headers['set-cookie']).toBeUndefined();
    const withCode = await t
      .http()
      .post('/web/session')
      .send({
        email: user.email,
        password: user.password,
        code: await totpAt(secret, at + STEP_MS),
      });
    expect(withCode.status).toBe(200);
    expect(withCode.body.home).toBe('/report');
  });

  it('turns MFA off with a right code only; then the password alone signs in again', async () => {
    const at = pinClock();
    const user = await freshUser(t);
    const { secret } = await enableMfa(t, user.token, at);
    const next = await totpAt(secret, at + STEP_MS);
    const wrong = next === '222222' ? '333333' : '222222';
    const refused = await t
      .http()
      .delete('/api/v1/auth/mfa')
      .set(bearer(user.token))
      .send({ code: wrong });
    expect(refused.status).toBe(400);
    expect(refused.body.details[0].field).toBe('code');
    await expect(signIn(user.email, user.password)).resolves.toMatchObject({ status: 401 });
    const off = await t
      .http()
      .delete('/api/v1/auth/mfa')
      .set(bearer(user.token))
      .send({ code: next });
    expect(off.status).toBe(204);
    await expect(signIn(user.email, user.password)).resolves.toMatchObject({ status: 200 });
    await expect(
      t.db.query(`SELECT count(*)::int AS n FROM user_recovery_codes WHERE user_id = $1`, [
        user.id,
      ]),
    ).resolves.toEqual([{ n: 0 }]);
    await expect(auditActions(user.id)).resolves.toContain('auth.mfa_disabled');
  });

  it('holds a role that requires MFA at the set-up step until it is confirmed, and never lets it off', async () => {
    const at = pinClock();
    const officer = await freshUser(t, 'police');
    const me = await t.http().get('/api/v1/auth/me').set(bearer(officer.token));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ mfaEnabled: false, mfaSetupRequired: true });
    const alerts = await t.http().get('/api/v1/alerts').set(bearer(officer.token));
    expect(alerts.status).toBe(403);
    expect(alerts.body.mfaSetupRequired).toBe(true);

    // The pages send the officer to the set-up page, from sign-in and from their console.
    const page = await t
      .http()
      .post('/web/session')
      .send({ email: officer.email, password: officer.password });
    expect(page.status).toBe(200);
    expect(page.body.home).toBe('/account/mfa');
    const cookie = (page.headers['set-cookie'] as unknown as string[])
      .map((c) => c.split(';')[0])
      .join('; ');
    const consolePage = await t.http().get('/police').set('Cookie', cookie);
    expect(consolePage.status).toBe(302);
    expect(consolePage.headers.location).toBe('/account/mfa');
    const setupPage = await t.http().get('/account/mfa').set('Cookie', cookie);
    expect(setupPage.status).toBe(200);

    const { secret } = await enableMfa(t, officer.token, at);
    await expect(t.http().get('/api/v1/alerts').set(bearer(officer.token))).resolves.toMatchObject({
      status: 200,
    });
    const refused = await t
      .http()
      .delete('/api/v1/auth/mfa')
      .set(bearer(officer.token))
      .send({ code: await totpAt(secret, at + STEP_MS) });
    expect(refused.status).toBe(422);
    await expect(
      signIn(officer.email, officer.password, await totpAt(secret, at + STEP_MS)),
    ).resolves.toMatchObject({ status: 200 });
  });

  it('refuses the MFA routes to nobody signed in', async () => {
    await expect(t.http().post('/api/v1/auth/mfa/setup')).resolves.toMatchObject({ status: 401 });
    await expect(
      t.http().post('/api/v1/auth/mfa/confirm').send({ code: '123456' }),
    ).resolves.toMatchObject({ status: 401 });
    await expect(
      t.http().delete('/api/v1/auth/mfa').send({ code: '123456' }),
    ).resolves.toMatchObject({ status: 401 });
  });
});
