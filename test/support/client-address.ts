import { Agent, fetch } from 'undici';
import { listenOnLoopback, startTestApp, TestApp } from './test-app';

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/**
 * Talks to a listening test app from a given loopback address (127.0.0.2, 127.0.0.3, ...): the
 * address is the real socket's, as a client behind another network would have, not a header.
 */
export class ClientAt {
  private readonly agent: Agent;

  constructor(
    private readonly base: string,
    readonly address: string,
  ) {
    this.agent = new Agent({ localAddress: address, connections: 64 });
  }

  async post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      dispatcher: this.agent,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers as unknown as Headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }

  /** A sign-in through the API. */
  login(email: string, password: string, headers: Record<string, string> = {}): Promise<Answer> {
    return this.post('/api/v1/auth/login', { email, password }, headers);
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

export interface Clients {
  from(address: string): ClientAt;
  close(): Promise<void>;
}

/** Makes the app listen on 127.0.0.1 and hands out clients from other loopback addresses. */
export async function listenForClients(t: TestApp): Promise<Clients> {
  const base = await listenOnLoopback(t);
  const clients: ClientAt[] = [];
  return {
    from(address) {
      const client = new ClientAt(base, address);
      clients.push(client);
      return client;
    },
    close: async () => {
      await Promise.all(clients.map((c) => c.close()));
    },
  };
}

/**
 * For the enclosing describe block: an app with these settings, started before its first test
 * and closed after its last, and clients reaching it from other loopback addresses.
 */
export function appWithClientsPerBlock(overrides: Record<string, string> = {}): {
  readonly t: TestApp;
  from(address: string): ClientAt;
} {
  let t: TestApp;
  let clients: Clients;
  beforeAll(async () => {
    t = await startTestApp(overrides);
    clients = await listenForClients(t);
  });
  afterAll(async () => {
    await clients.close();
    await t.close();
  });
  return {
    get t() {
      return t;
    },
    from: (address) => clients.from(address),
  };
}
