import { appWithClientsPerBlock, listenForClients } from './support/client-address';
import { appEnv, runNode } from './support/run-node';
import { DEMO_PASSWORDS, startTestApp, TestApp } from './support/test-app';

/** The address the audit log recorded for the latest failed sign-in: what an operator checks. */
async function lastFailureAddress(t: TestApp): Promise<string> {
  const [row] = await t.db.query(
    `SELECT ip FROM audit_log WHERE action = 'auth.login_failed' ORDER BY seq DESC LIMIT 1`,
  );
  return row.ip;
}

describe('client addresses without a trusted proxy (the default)', () => {
  const clients = appWithClientsPerBlock({ LOGIN_MAX_FAILURES: '3' });

  it('ignores a spoofed X-Forwarded-For: failures count against the real address', async () => {
    const client = clients.from('127.0.0.2');
    const email = 'police@demo.medguard.kz';
    for (let i = 1; i <= 3; i++) {
      const res = await client.login(email, 'wrong-xxxxxxxxx', {
        'X-Forwarded-For': `203.0.113.${i}`,
      });
      expect(res.status).toBe(401);
      await expect(lastFailureAddress(clients.t)).resolves.toBe('127.0.0.2');
    }
    const spoofed = await client.login(email, DEMO_PASSWORDS[email], {
      'X-Forwarded-For': '198.51.100.200',
    });
    expect(spoofed.status).toBe(429);
  });
});

describe('client addresses behind proxies', () => {
  it('with TRUST_PROXY=1 takes the last X-Forwarded-For entry, the one the proxy added', async () => {
    const t = await startTestApp({ TRUST_PROXY: '1', LOGIN_MAX_FAILURES: '3' });
    const proxy = await listenForClients(t);
    try {
      const email = 'dutydesk@demo.medguard.kz';
      const lb = proxy.from('127.0.0.1');
      for (let i = 1; i <= 3; i++) {
        // What the client wrote comes first; the load balancer appends the address it saw.
        const res = await lb.login(email, 'wrong-xxxxxxxxx', {
          'X-Forwarded-For': `10.9.9.${i}, 203.0.113.7`,
        });
        expect(res.status).toBe(401);
        await expect(lastFailureAddress(t)).resolves.toBe('203.0.113.7');
      }
      const attacker = await lb.login(email, DEMO_PASSWORDS[email], {
        'X-Forwarded-For': '203.0.113.8, 203.0.113.7',
      });
      expect(attacker.status).toBe(429);
      const officer = await lb.login(email, DEMO_PASSWORDS[email], {
        'X-Forwarded-For': '203.0.113.7, 198.51.100.20',
      });
      expect(officer.status).toBe(200);
    } finally {
      await proxy.close();
      await t.close();
    }
  });

  it('with TRUST_PROXY as subnets skips every trusted hop and takes the first untrusted one', async () => {
    const t = await startTestApp({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' });
    const proxy = await listenForClients(t);
    try {
      await proxy.from('127.0.0.1').login('nobody@demo.medguard.kz', 'wrong-xxxxxxxxx', {
        'X-Forwarded-For': '192.0.2.1, 198.51.100.9, 10.1.2.3',
      });
      await expect(lastFailureAddress(t)).resolves.toBe('198.51.100.9');
      // A request that did not come through a trusted proxy keeps its own address.
      await proxy
        .from('127.0.0.2')
        .login('nobody@demo.medguard.kz', 'wrong-xxxxxxxxx', { 'X-Forwarded-For': '192.0.2.1' });
      await expect(lastFailureAddress(t)).resolves.toBe('127.0.0.2');
    } finally {
      await proxy.close();
      await t.close();
    }
  });
});

describe('TRUST_PROXY at start-up', () => {
  it('refuses true with one line pointing to a hop count or subnets', async () => {
    const result = await runNode('main.js', appEnv({ TRUST_PROXY: 'true' }));
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(
        /^Invalid configuration: TRUST_PROXY must not be true: .*number of proxies.*\(e\.g\. 1\).*10\.0\.0\.0\/8/,
      ),
    ]);
  });
});
