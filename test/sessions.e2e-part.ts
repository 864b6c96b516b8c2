import { DEMO_IDS } from '../seeds/demo';
import { eventually, startAlertStack } from './support/alert-stack';
import { report } from './support/incidents';
import { BrowserSubscription, PushReceiver, subscribe } from './support/push';
import { shiftClock } from './support/test-clock';
import { bearer, DEMO_PASSWORDS, TestApp } from './support/test-app';

interface SessionRow {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  address: string | null;
  userAgent: string | null;
  current: boolean;
}

let serial = 0;

describe('sessions: the list, ending one, deactivation, and the pushes of ended sign-ins', () => {
  let stack: Awaited<ReturnType<typeof startAlertStack>>;
  let t: TestApp;
  const receiver = new PushReceiver();
  let admin: string;
  let nurse: string;

  beforeAll(async () => {
    stack = await startAlertStack({ TRUST_PROXY: 'loopback', ALERT_SWEEP_MS: '300' });
    t = stack.api;
    await receiver.start();
    [admin, nurse] = await t.loginAll('admin', 'nurse');
  });
  afterAll(async () => {
    await stack.close();
    await receiver.stop();
  });

  /** An officer of the central hospital's post, new for the test. */
  async function officer(): Promise<{ id: string; email: string; password: string }> {
    const email = `officer-${Date.now()}-${serial++}@example.kz`;
    const password = 'Officer-sessions-2026';
    const res = await t.http().post('/api/v1/users').set(bearer(admin)).send({
      email,
      fullName: 'Session Officer',
      role: 'police',
      policePostId: DEMO_IDS.centralPost,
      password,
    });
    expect(res.status).toBe(201);
    return { id: res.body.id, email, password };
  }
  const signIn = async (email: string, password: string, headers: Record<string, string> = {}) => {
    const res = await t.http().post('/api/v1/auth/login').set(headers).send({ email, password });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  };
  /** One after another: parallel sign-ins of one account from one address meet the sign-in limits. */
  const signInTimes = async (person: { email: string; password: string }, n: number) => {
    const tokens: string[] = [];
    for (let i = 0; i < n; i++) tokens.push(await signIn(person.email, person.password));
    return tokens;
  };
  const sessionsOf = async (token: string): Promise<SessionRow[]> => {
    const res = await t.http().get('/api/v1/auth/sessions').set(bearer(token));
    expect(res.status).toBe(200);
    return res.body;
  };
  const me = (token: string) => t.http().get('/api/v1/auth/me').set(bearer(token));
  const file = async () => {
    const res = await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report());
    expect(res.status).toBe(201);
  };

  it('lists the own working sessions, with where and with what each signed in, this one marked', async () => {
    const person = await officer();
    const phone = await signIn(person.email, person.password, {
      'User-Agent': 'MedGuardPhone/1.0 (Android 14)',
      'X-Forwarded-For': '203.0.113.7',
    });
    const desk = await signIn(person.email, person.password, { 'User-Agent': 'DeskBrowser/2' });
    const ended = await signIn(person.email, person.password);
    await t.http().post('/api/v1/auth/logout').set(bearer(ended)).expect(204);

    const list = await sessionsOf(desk);
    expect(list).toHaveLength(2);
    const [newest, older] = list;
    expect(newest).toMatchObject({ current: true, userAgent: 'DeskBrowser/2' });
    expect(older).toMatchObject({
      current: false,
      address: '203.0.113.7',
      userAgent: 'MedGuardPhone/1.0 (Android 14)',
    });
    expect(Date.parse(older.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(older.createdAt));
    expect((await sessionsOf(phone)).map((s) => s.current)).toEqual([false, true]);
    // Nobody else's sessions are in it.
    expect((await sessionsOf(nurse)).map((s) => s.id)).not.toContain(older.id);
  });

  it('keeps at most 300 characters of a user agent', async () => {
    const person = await officer();
    const token = await signIn(person.email, person.password, { 'User-Agent': 'A'.repeat(2000) });
    const [session] = await sessionsOf(token);
    expect(session.userAgent).toBe('A'.repeat(300));
  });

  it('records sign-ins through the pages too', async () => {
    const res = await t.http().post('/web/session').set('User-Agent', 'PageBrowser/3').send({
      email: 'paramedic@demo.medguard.kz',
      password: DEMO_PASSWORDS['paramedic@demo.medguard.kz'],
    });
    expect(res.status).toBe(200);
    const token = await t.login('paramedic@demo.medguard.kz');
    expect((await sessionsOf(token)).map((s) => s.userAgent)).toContain('PageBrowser/3');
  });

  it('moves “last used” at most once a minute', async () => {
    const person = await officer();
    const token = await signIn(person.email, person.password);
    const first = (await sessionsOf(token))[0].lastUsedAt;
    let restore = shiftClock([t.app], 30_000);
    try {
      expect((await sessionsOf(token))[0].lastUsedAt).toBe(first);
    } finally {
      restore();
    }
    restore = shiftClock([t.app], 90_000);
    try {
      await me(token).expect(200);
      const later = (await sessionsOf(token))[0].lastUsedAt;
      expect(Date.parse(later) - Date.parse(first)).toBeGreaterThanOrEqual(89_000);
    } finally {
      restore();
    }
  });

  it('ends own sessions at once, a dozen in parallel; another person’s session is 404 and keeps working', async () => {
    const person = await officer();
    const keep = await signIn(person.email, person.password);
    const others = await signInTimes(person, 12);
    const ids = (await sessionsOf(keep)).filter((s) => !s.current).map((s) => s.id);
    expect(ids).toHaveLength(12);
    const answers = await Promise.all(
      ids.map((id) => t.http().delete(`/api/v1/auth/sessions/${id}`).set(bearer(keep))),
    );
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 204));
    for (const token of others) expect((await me(token)).status).toBe(401);
    expect((await sessionsOf(keep)).map((s) => s.current)).toEqual([true]);

    const nurseSession = (await sessionsOf(nurse)).find((s) => s.current)!;
    const foreign = await t
      .http()
      .delete(`/api/v1/auth/sessions/${nurseSession.id}`)
      .set(bearer(keep));
    expect(foreign.status).toBe(404);
    expect((await me(nurse)).status).toBe(200);
    const again = await t.http().delete(`/api/v1/auth/sessions/${ids[0]}`).set(bearer(keep));
    expect(again.status).toBe(404);
  });

  it('stops pushing to the device of an ended session; the other device still gets alerts', async () => {
    const person = await officer();
    const [first, second] = await Promise.all([
      signIn(person.email, person.password),
      signIn(person.email, person.password),
    ]);
    const ended = new BrowserSubscription(receiver.endpoint());
    const kept = new BrowserSubscription(receiver.endpoint());
    expect((await subscribe(t, first, ended)).status).toBe(201);
    expect((await subscribe(t, second, kept)).status).toBe(201);
    const firstId = (await sessionsOf(second)).find((s) => !s.current)!.id;
    await t.http().delete(`/api/v1/auth/sessions/${firstId}`).set(bearer(second)).expect(204);

    await file();
    expect(await receiver.waitFor(kept.endpoint, 1)).toHaveLength(1);
    // The push job went out to the kept device; by then the ended one would have had its push too.
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.to(ended.endpoint)).toHaveLength(0);
  });

  it('deactivation ends every session of the account at once, and its devices get nothing more', async () => {
    const person = await officer();
    const tokens = await signInTimes(person, 10);
    const device = new BrowserSubscription(receiver.endpoint());
    expect((await subscribe(t, tokens[0], device)).status).toBe(201);
    const control = new BrowserSubscription(receiver.endpoint());
    expect((await subscribe(t, await t.login('police@demo.medguard.kz'), control)).status).toBe(
      201,
    );

    await t.http().delete(`/api/v1/users/${person.id}`).set(bearer(admin)).expect(204);
    const statuses = await Promise.all(tokens.map(async (token) => (await me(token)).status));
    expect(statuses).toEqual(tokens.map(() => 401));
    const rows = (await t.db.query(
      `SELECT count(*)::int AS open FROM sessions WHERE user_id = $1 AND revoked_at IS NULL`,
      [person.id],
    )) as Array<{ open: number }>;
    expect(rows[0].open).toBe(0);

    await file();
    await eventually(
      async () => receiver.to(control.endpoint).length,
      (n) => n >= 1,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.to(device.endpoint)).toHaveLength(0);
  });
});
