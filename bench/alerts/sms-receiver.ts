import { AddressInfo } from 'node:net';
import * as smpp from 'smpp';
import { DEMO_IDS } from '../../seeds/demo';
import { alertIdOfCode } from '../../src/sms/alert-link';

const SYSTEM_ID = 'bench';
const PASSWORD = 'bench-pw';

/**
 * A local SMSC for the benchmark (the `smpp` package's server side): it accepts the bind, answers
 * every submit_sm at once, and notes when each alert's first text arrived, by the alert id in the
 * text's short link.
 */
export async function startBenchSmsc(): Promise<{
  env: Record<string, string>;
  arrivals: Map<string, number>;
  close(): Promise<void>;
}> {
  const arrivals = new Map<string, number>();
  let sequence = 0;
  const server = smpp.createServer((session) => {
    session.on('error', () => undefined);
    session.on('bind_transceiver', (pdu: smpp.PDU) => session.send(pdu.response()));
    session.on('enquire_link', (pdu: smpp.PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: smpp.PDU) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu: smpp.PDU) => {
      const at = Date.now();
      session.send(pdu.response({ message_id: `b${++sequence}` }));
      const text = (pdu.short_message as { message?: string }).message ?? '';
      const code = /\/a\/([0-9A-Za-z]{22})/.exec(text)?.[1];
      const alertId = code ? alertIdOfCode(code) : null;
      if (alertId && !arrivals.has(alertId)) arrivals.set(alertId, at);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const port = (server.address() as AddressInfo).port;
  return {
    env: {
      SMPP_URL: `smpp://127.0.0.1:${port}`,
      SMPP_SYSTEM_ID: SYSTEM_ID,
      SMPP_PASSWORD: PASSWORD,
      SMPP_SOURCE_ADDR: 'MedGuard',
    },
    arrivals,
    close: async () => {
      for (const session of server.sessions) session.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** Gives the demo officer of the central post a phone and a shift covering the run. */
export async function demoOfficerOnShift(apiPort: number, adminToken: string): Promise<void> {
  const call = async (method: string, path: string, body: object) => {
    const res = await fetch(`http://127.0.0.1:${apiPort}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const users = await fetch(`http://127.0.0.1:${apiPort}/api/v1/users?role=police&limit=100`, {
    headers: { authorization: `Bearer ${adminToken}` },
  }).then((r) => r.json() as Promise<{ items: Array<{ id: string; policePostId: string }> }>);
  const officer = users.items.find((u) => u.policePostId === DEMO_IDS.centralPost);
  if (!officer) throw new Error('no demo officer at the central post');
  await call('PATCH', `/api/v1/users/${officer.id}`, { phone: '+77010000001' });
  const now = Date.now();
  await call('POST', `/api/v1/police-posts/${DEMO_IDS.centralPost}/shifts`, {
    userId: officer.id,
    from: new Date(now - 3600_000).toISOString(),
    to: new Date(now + 12 * 3600_000).toISOString(),
  });
}
