import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { HostResolver } from '../common/host-resolver';
import { AppConfig } from '../config/app-config';
import { checkedConnector } from './checked-connector';
import { WebhookAddressRefused } from './webhook-target';
import { WebhookTargets } from './webhook-targets';

/** The connector on its own, whoever calls it: real sockets to receivers on loopback. */
describe('webhook connections open only to accepted addresses', () => {
  const servers: Server[] = [];
  let connections = 0;
  const listen = async (host: string) => {
    const server = createServer((_req, res) => res.end('ok'));
    server.on('connection', () => connections++);
    await new Promise<void>((ok) => server.listen(0, host, ok));
    servers.push(server);
    return (server.address() as AddressInfo).port;
  };
  const agentFor = (allowedHosts: string[]) => {
    const config = { alerts: { webhookAllowedHosts: allowedHosts } } as unknown as AppConfig;
    return new Agent({
      connect: checkedConnector(new WebhookTargets(config, new HostResolver()), 2000),
    });
  };
  const post = async (agent: Agent, url: string) => {
    try {
      const res = await request(url, { dispatcher: agent, method: 'POST', body: '{}' });
      await res.body.dump();
      return res.statusCode;
    } catch (error) {
      return error instanceof WebhookAddressRefused ? `refused: ${error.message}` : error;
    }
  };

  let v4: number;
  let v6: number;
  beforeAll(async () => {
    v4 = await listen('127.0.0.1');
    v6 = await listen('::1');
  });
  afterAll(() => Promise.all(servers.map((s) => new Promise((ok) => s.close(ok)))));
  beforeEach(() => (connections = 0));

  it.each([
    ['http://[::]:V6/hook', '(unspecified)'],
    ['http://[::1]:V6/hook', '(loopback)'],
    ['http://[::ffff:7f00:1]:V4/hook', '(IPv4-mapped loopback)'],
    ['http://localhost:V4/hook', 'resolves to 127.0.0.1'],
    ['http://127.0.0.2:V4/hook', '(loopback)'],
  ])('refuses %s even with 127.0.0.1 listed, before any socket opens', async (url, why) => {
    const agent = agentFor(['127.0.0.1']);
    try {
      const outcome = await post(agent, url.replace('V4', String(v4)).replace('V6', String(v6)));
      expect(outcome).toEqual(expect.stringContaining(why));
      expect(connections).toBe(0);
    } finally {
      await agent.close();
    }
  });

  it('connects to a listed address, and to a listed name at the address it resolves to now', async () => {
    const agent = agentFor(['127.0.0.1', 'localhost', '::1']);
    try {
      expect(await post(agent, `http://127.0.0.1:${v4}/hook`)).toBe(200);
      expect(await post(agent, `http://localhost:${v4}/hook`)).toBe(200);
      expect(await post(agent, `http://[::1]:${v6}/hook`)).toBe(200);
    } finally {
      await agent.close();
    }
  });
});
