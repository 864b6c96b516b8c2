import { freePort } from '../src/local/services';
import { appWithClientsPerBlock, ClientAt, listenForClients } from './support/client-address';
import { DEMO_PASSWORDS, startTestApp } from './support/test-app';
import { shiftClock } from './support/test-clock';

const MAX = 5;

describe('failed sign-ins are limited before the password is checked', () => {
  const clients = appWithClientsPerBlock({ LOGIN_MAX_FAILURES: String(MAX) });

  const statuses = (answers: Array<{ status: number }>) =>
    answers.reduce<Record<number, number>>(
      (n, a) => ({ ...n, [a.status]: (n[a.status] ?? 0) + 1 }),
      {},
    );

  it('checks at most LOGIN_MAX_FAILURES of 30 parallel wrong passwords; the rest get 429 with Retry-After', async () => {
    const attacker: ClientAt = clients.from('127.0.0.2');
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        attacker.login('police@demo.medguard.kz', `wrong-guess-${i}-xxxx`),
      ),
    );
    const counted = statuses(answers);
    expect(counted[401] ?? 0).toBeLessThanOrEqual(MAX);
    expect((counted[401] ?? 0) + (counted[429] ?? 0)).toBe(30);
    for (const a of answers.filter((a) => a.status === 429))
      expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
    // The right password from the same address is held back too: it is one more guess.
    const right = await attacker.login(
      'police@demo.medguard.kz',
      DEMO_PASSWORDS['police@demo.medguard.kz'],
    );
    expect(right.status).toBe(429);
  });
});

describe('limits per (account, address) pair, with a wider per-account ceiling', () => {
  const clients = appWithClientsPerBlock({ LOGIN_MAX_FAILURES: String(MAX) });

  const wrong = (client: ClientAt, email: string, n: number) =>
    Promise.all(Array.from({ length: n }, (_, i) => client.login(email, `not-it-${i}-xxxxxx`)));

  it('after 5 failures from 127.0.0.2 the right password from 127.0.0.1 still signs in', async () => {
    const email = 'dutydesk@demo.medguard.kz';
    const failed = await wrong(clients.from('127.0.0.2'), email, MAX);
    expect(failed.map((a) => a.status)).toEqual(Array(MAX).fill(401));
    expect((await clients.from('127.0.0.2').login(email, DEMO_PASSWORDS[email])).status).toBe(429);
    const officer = await clients.from('127.0.0.1').login(email, DEMO_PASSWORDS[email]);
    expect(officer.status).toBe(200);
    expect(officer.body.accessToken).toMatch(/^mgs_/);
  });

  it('makes the pair wait longer after each further failure', async () => {
    const email = 'paramedic@demo.medguard.kz';
    const guesser = clients.from('127.0.0.3');
    await wrong(guesser, email, MAX);
    const first = await guesser.login(email, 'still-wrong-xxxxxx');
    expect(first.status).toBe(429);
    const firstWait = Number(first.headers.get('retry-after'));
    expect(firstWait).toBeGreaterThan(0);
    const restore = shiftClock([clients.t.app], (firstWait + 1) * 1000);
    try {
      expect((await guesser.login(email, 'still-wrong-xxxxxx')).status).toBe(401);
      const second = await guesser.login(email, DEMO_PASSWORDS[email]);
      expect(second.status).toBe(429);
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(firstWait);
    } finally {
      restore();
    }
  });

  it('clears only the signing-in pair’s failures on success', async () => {
    const email = 'safety@demo.medguard.kz';
    const other = clients.from('127.0.0.4');
    const own = clients.from('127.0.0.5');
    await wrong(other, email, MAX);
    expect((await wrong(own, email, MAX - 1)).every((a) => a.status === 401)).toBe(true);
    expect((await own.login(email, DEMO_PASSWORDS[email])).status).toBe(200);
    // The own address starts afresh; the other address is still held back.
    const again = await wrong(own, email, MAX);
    expect(again.map((a) => a.status)).toEqual(Array(MAX).fill(401));
    expect((await other.login(email, DEMO_PASSWORDS[email])).status).toBe(429);
  });

  it('stops every address once the account has 10 × LOGIN_MAX_FAILURES failures', async () => {
    const email = 'ministry@demo.medguard.kz';
    const addresses = Array.from({ length: 10 }, (_, i) => `127.0.1.${i + 1}`);
    const failed = (
      await Promise.all(addresses.map((a) => wrong(clients.from(a), email, MAX)))
    ).flat();
    expect(failed.filter((a) => a.status === 401)).toHaveLength(10 * MAX);
    const fresh = await clients.from('127.0.1.200').login(email, DEMO_PASSWORDS[email]);
    expect(fresh.status).toBe(429);
    expect(Number(fresh.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('one address failing on many accounts', () => {
  const clients = appWithClientsPerBlock({ LOGIN_MAX_FAILURES: String(MAX) });

  it('holds back new accounts from that address but not those that signed in from it before', async () => {
    const office = clients.from('127.0.0.50');
    const nurse = 'nurse@demo.medguard.kz';
    expect((await office.login(nurse, DEMO_PASSWORDS[nurse])).status).toBe(200);
    // Password spraying: one guess each at 20 × LOGIN_MAX_FAILURES accounts.
    for (let batch = 0; batch < 4; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 5 * MAX }, (_, i) =>
          office.login(`spray-${batch}-${i}@example.kz`, 'Summer2026!xx'),
        ),
      );
      expect(answers.every((a) => a.status === 401)).toBe(true);
    }
    expect((await office.login('spray-next@example.kz', 'Summer2026!xx')).status).toBe(429);
    const paramedic = 'paramedic@demo.medguard.kz';
    expect((await office.login(paramedic, DEMO_PASSWORDS[paramedic])).status).toBe(429);
    // Staff who used this address before keep signing in; so does everyone from elsewhere.
    expect((await office.login(nurse, DEMO_PASSWORDS[nurse])).status).toBe(200);
    expect(
      (await clients.from('127.0.0.51').login(paramedic, DEMO_PASSWORDS[paramedic])).status,
    ).toBe(200);
  });
});

describe('sign-in across API processes and without Redis', () => {
  it('counts failures in Redis, so a second API process refuses the next guess', async () => {
    const a = await startTestApp({ LOGIN_MAX_FAILURES: '3' });
    const b = await startTestApp({
      LOGIN_MAX_FAILURES: '3',
      DATABASE_URL: a.databaseUrl,
      S3_BUCKET: a.config.s3.bucket,
      REDIS_KEY_PREFIX: a.config.redis.keyPrefix,
    });
    const [ca, cb] = [await listenForClients(a), await listenForClients(b)];
    try {
      const email = 'police@demo.medguard.kz';
      const guesses = await Promise.all(
        Array.from({ length: 3 }, () => ca.from('127.0.0.60').login(email, 'wrong-one-xxxxxx')),
      );
      expect(guesses.map((g) => g.status)).toEqual([401, 401, 401]);
      expect((await cb.from('127.0.0.60').login(email, 'wrong-two-xxxxxx')).status).toBe(429);
    } finally {
      await Promise.all([ca.close(), cb.close()]);
      await b.close();
      await a.close();
    }
  });

  it('still signs people in while Redis is unreachable', async () => {
    const t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    try {
      const res = await t.http().post('/api/v1/auth/login').send({
        email: 'nurse@demo.medguard.kz',
        password: DEMO_PASSWORDS['nurse@demo.medguard.kz'],
      });
      expect(res.status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
