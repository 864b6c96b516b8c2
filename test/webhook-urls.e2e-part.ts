import { DEMO_IDS } from '../seeds/demo';
import { regionId } from '../seeds/reference';
import { answerDns } from './support/test-dns';
import { bearer, startTestApp, TestApp } from './support/test-app';
import { WEBHOOK_SECRET } from './support/webhook-receiver';

const ALMATY = regionId('KZ-75');
const POST = DEMO_IDS.centralPost;

/**
 * The ways an admin could point a police post's webhook at the system's own network, each of
 * which reached loopback or an internal range when only the host name was compared with the
 * allow-list. The operator lists 127.0.0.1 for a receiver on this machine; `localhost` is not
 * listed, so it is judged by what it resolves to.
 */
const BYPASSES: [string, string][] = [
  ['the unspecified address, which connects to loopback', 'http://[::]:9/hook'],
  ['the unspecified address over https', 'https://[::]:9/hook'],
  ['IPv4 0.0.0.0', 'https://0.0.0.0:9/hook'],
  ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/hook'],
  ['IPv4-mapped loopback in hex', 'https://[::ffff:7f00:1]/hook'],
  ['NAT64-wrapped loopback', 'https://[64:ff9b::7f00:1]/hook'],
  ['6to4-wrapped loopback', 'https://[2002:7f00:1::]/hook'],
  ['6to4-wrapped cloud metadata address', 'https://[2002:a9fe:a9fe::]/latest/meta-data'],
  ['loopback in hex and short form', 'https://0x7f.1/hook'],
  ['loopback as one decimal number', 'https://2130706433/hook'],
  ['another loopback address', 'https://127.0.0.2/hook'],
  ['IPv6 loopback spelled out', 'https://[0:0:0:0:0:0:0:1]/hook'],
  ['IPv4 multicast', 'https://224.0.0.251/hook'],
  ['IPv6 multicast', 'https://[ff02::1]/hook'],
  ['reserved IPv4', 'https://240.0.0.1/hook'],
  ['documentation range', 'https://192.0.2.10/hook'],
  ['a private network', 'https://10.20.30.40/hook'],
  ['a name that resolves to loopback', 'https://localhost/hook'],
  ['plain http to a public name', 'http://police.example.kz/hook'],
];

describe('police post webhook URLs', () => {
  let t: TestApp;
  let admin: string;
  const postOf = async (id: string) =>
    (await t.db.query('SELECT name, webhook_url FROM police_posts WHERE id = $1', [id]))[0];
  const postCount = async () =>
    Number((await t.db.query('SELECT count(*) AS n FROM police_posts'))[0].n);
  const createPost = (webhookUrl: string, name = `Post ${webhookUrl}`) =>
    t
      .http()
      .post('/api/v1/police-posts')
      .set(bearer(admin))
      .send({ kind: 'post', name, regionId: ALMATY, webhookUrl, webhookSecret: WEBHOOK_SECRET });
  const setUrl = (webhookUrl: string, more: Record<string, unknown> = {}) =>
    t
      .http()
      .patch(`/api/v1/police-posts/${POST}`)
      .set(bearer(admin))
      .send({ webhookUrl, webhookSecret: WEBHOOK_SECRET, ...more });

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    admin = await t.login('admin@demo.medguard.kz');
  });
  afterAll(() => t.close());

  it('refuses every bypass when a post is created or changed, all at once, and saves nothing', async () => {
    const before = await postOf(POST);
    const count = await postCount();
    const answers = await Promise.all(
      BYPASSES.flatMap(([, url]) => [createPost(url), setUrl(url, { name: 'Renamed post' })]),
    );
    answers.forEach((res, i) => {
      const [what, url] = BYPASSES[Math.floor(i / 2)];
      expect({ what, url, status: res.status, field: res.body.details?.[0]?.field }).toEqual({
        what,
        url,
        status: 400,
        field: 'webhookUrl',
      });
    });
    expect(await postCount()).toBe(count);
    expect(await postOf(POST)).toEqual(before);
  });

  it('says why: the range the address is in, or that https is required', async () => {
    const reasons = await Promise.all(
      [
        'http://[::]:9/hook',
        'https://[64:ff9b::7f00:1]/hook',
        'https://[2002:7f00:1::]/hook',
        'https://localhost/hook',
        'http://police.example.kz/hook',
      ].map(async (url) => (await setUrl(url)).body.details[0].message),
    );
    expect(reasons).toEqual([
      expect.stringContaining('(unspecified)'),
      expect.stringContaining('(NAT64-wrapped loopback)'),
      expect.stringContaining('(6to4-wrapped loopback)'),
      expect.stringContaining('resolves to 127.0.0.1, not a public address (loopback)'),
      expect.stringContaining('must use https'),
    ]);
  });

  it('refuses a name whose DNS answer holds an internal address beside public ones', async () => {
    const restore = answerDns([t.app], (host) =>
      host === 'hooks.police.example.kz' ? ['8.8.8.8', '10.1.2.3'] : undefined,
    );
    try {
      const res = await setUrl('https://hooks.police.example.kz/alerts');
      expect(res.status).toBe(400);
      expect(res.body.details[0]).toEqual({
        field: 'webhookUrl',
        message: expect.stringContaining('resolves to 10.1.2.3, not a public address (private)'),
        code: 'invalid',
      });
    } finally {
      restore();
    }
  });

  it('accepts a public https receiver, and a name that does not resolve yet', async () => {
    const restore = answerDns([t.app], (host) => {
      if (host === 'hooks.police.example.kz') return ['8.8.8.8', '2001:4860:4860::8888'];
      if (host === 'later.police.example.kz') return { error: 'ENOTFOUND' };
      if (host === 'slow.police.example.kz') return 'no answer';
      return undefined;
    });
    try {
      for (const url of [
        'https://hooks.police.example.kz/alerts',
        'https://later.police.example.kz/alerts',
        'https://receiver.police.invalid/alerts',
        'https://8.8.8.8/alerts',
      ]) {
        const res = await setUrl(url);
        expect({ url, status: res.status }).toEqual({ url, status: 200 });
        expect((await postOf(POST)).webhook_url).toBe(url);
      }
      const started = Date.now();
      expect((await setUrl('https://slow.police.example.kz/alerts')).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(10000);
    } finally {
      restore();
    }
  });

  it('lets a listed host use http and an internal address, and only that spelling of it', async () => {
    expect((await setUrl('http://127.0.0.1:8080/hook')).status).toBe(200);
    expect((await setUrl('http://localhost:8080/hook')).status).toBe(400);
    expect((await setUrl('http://[::]:8080/hook')).status).toBe(400);
  });

  it('leaves the checks to admins: other roles cannot set a webhook at all', async () => {
    const [police, safety] = await t.loginAll('police', 'safety');
    const before = await postOf(POST);
    for (const token of [police, safety]) {
      const res = await t
        .http()
        .patch(`/api/v1/police-posts/${POST}`)
        .set(bearer(token))
        .send({ webhookUrl: 'https://hooks.police.example.kz/alerts' });
      expect(res.status).toBe(403);
    }
    expect(await postOf(POST)).toEqual(before);
  });
});
