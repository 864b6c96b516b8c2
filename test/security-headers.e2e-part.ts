import { createHash } from 'node:crypto';
import type { Response } from 'superagent';
import { routesOf } from '../src/auth/route-access.check';
import { bearer, DEMO_PASSWORDS, startTestApp, TestApp } from './support/test-app';

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const concrete = (path: string) => path.replace(/:locale/, 'ru').replace(/:[A-Za-z]+/g, SAMPLE_ID);

const API_POLICY = "default-src 'none'; frame-ancestors 'none'";
const pagePolicy = (mediaOrigin: string) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `media-src 'self' ${mediaOrigin}`,
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
  ].join('; ');

type Kind = 'api' | 'page' | 'docs' | 'dashboard';
const kindOf = (path: string): Kind =>
  /^\/(api|health|metrics|docs-json|docs-yaml)(\/|$)/.test(path)
    ? 'api'
    : /^\/docs(\/|$)/.test(path)
      ? 'docs'
      : path.startsWith('/admin/queues')
        ? 'dashboard'
        : 'page';

async function signIn(t: TestApp, email: string): Promise<string> {
  const res = await t
    .http()
    .post('/api/v1/auth/login')
    .send({ email, password: DEMO_PASSWORDS[email] });
  expect(res.status).toBe(200);
  return res.body.accessToken as string;
}

/** Every answer a browser could get: each route of the router, and what lives beside it. */
async function everyAnswer(t: TestApp): Promise<Array<{ path: string; res: Response }>> {
  // Tokens of their own: the walk signs out (POST /auth/logout) with the one it uses.
  const [walker, admin, nurse] = await Promise.all([
    signIn(t, 'admin@demo.medguard.kz'),
    signIn(t, 'admin@demo.medguard.kz'),
    signIn(t, 'nurse@demo.medguard.kz'),
  ]);
  const requests: Array<{ path: string; send: () => Promise<Response> }> = [];
  for (const route of routesOf(t.app)) {
    const path = concrete(route.path);
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    requests.push({ path, send: async () => t.http()[method](path).send({}) });
    requests.push({ path, send: async () => t.http()[method](path).set(bearer(walker)).send({}) });
  }
  const beside: Array<[string, Record<string, string>]> = [
    ['/docs', {}],
    ['/docs/', {}],
    ['/docs/swagger-ui.css', {}],
    ['/docs/swagger-ui-init.js', {}],
    ['/docs-json', {}],
    ['/docs-yaml', {}],
    ['/admin/queues', {}],
    ['/admin/queues', bearer(nurse)],
    ['/admin/queues', bearer(admin)],
    ['/admin/queues/api/queues', bearer(admin)],
    ['/admin/queues/static/favicon-32x32.png', bearer(admin)],
    ['/assets/app.css', {}],
    ['/assets/report.js', {}],
    ['/assets/missing.js', {}],
    ['/report', bearer(nurse)],
    ['/nothing/here', {}],
    ['/api/v1/nothing-here', {}],
  ];
  for (const [path, headers] of beside)
    requests.push({ path, send: async () => t.http().get(path).set(headers) });
  requests.push({
    path: '/api/v1/auth/login',
    send: async () =>
      t.http().post('/api/v1/auth/login').type('application/json').send('{"email": '),
  });
  requests.push({
    path: '/api/v1/auth/login',
    send: async () =>
      t.http().post('/api/v1/auth/login').type('application/json').send('['.repeat(40)),
  });
  return Promise.all(requests.map(async ({ path, send }) => ({ path, res: await send() })));
}

function expectHeaders(
  answers: Array<{ path: string; res: Response }>,
  mediaOrigin: string,
  hsts: string | undefined,
) {
  expect(answers.length).toBeGreaterThan(100);
  for (const { path, res } of answers) {
    const h = res.headers;
    const seen = {
      path,
      status: res.status,
      nosniff: h['x-content-type-options'],
      referrer: h['referrer-policy'],
      frame: h['x-frame-options'],
      opener: h['cross-origin-opener-policy'],
      resource: h['cross-origin-resource-policy'],
      poweredBy: h['x-powered-by'],
      hsts: h['strict-transport-security'],
      // Directives as a browser reads them, whatever the separator's spacing.
      csp: (h['content-security-policy'] as string | undefined)?.split(/\s*;\s*/).join('; '),
    };
    const kind = kindOf(path);
    expect(seen).toEqual({
      path,
      status: res.status,
      nosniff: 'nosniff',
      referrer: 'no-referrer',
      frame: 'DENY',
      opener: 'same-origin',
      resource: 'same-origin',
      poweredBy: undefined,
      hsts,
      csp:
        kind === 'api'
          ? API_POLICY
          : kind === 'page'
            ? pagePolicy(mediaOrigin)
            : expect.stringMatching(/^default-src 'none'; script-src 'self'; style-src 'self'/),
    });
    expect(seen.csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(seen.csp).toContain("frame-ancestors 'none'");
  }
}

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('puts the security headers and the right CSP on every answer of every route, without HSTS over http', async () => {
    const media = new URL(t.config.s3.publicEndpoint ?? t.config.s3.endpoint!).origin;
    expectHeaders(await everyAnswer(t), media, undefined);
  });

  it('allows exactly the inline styles /docs and /admin/queues ship, by hash, and no inline script', async () => {
    const admin = await signIn(t, 'admin@demo.medguard.kz');
    for (const res of await Promise.all([
      t.http().get('/docs'),
      t.http().get('/docs/'),
      t.http().get('/admin/queues').set(bearer(admin)),
    ])) {
      expect(res.status).toBe(200);
      const csp = (res.headers['content-security-policy'] as string).split(/\s*;\s*/).join('; ');
      const hash = (text: string) =>
        `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
      const elements = [...res.text.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
      const attributes = [...res.text.matchAll(/\sstyle="([^"]*)"/g)].map((m) => m[1]);
      const directive = (name: string) =>
        csp
          .split('; ')
          .find((d) => d.startsWith(`${name} `))
          ?.split(' ')
          .slice(1) ?? [];
      expect(elements.length + attributes.length).toBeGreaterThan(0);
      for (const text of elements)
        expect({ style: text, allowed: directive('style-src').includes(hash(text)) }).toEqual({
          style: text,
          allowed: true,
        });
      for (const text of attributes)
        expect({
          attribute: text,
          allowed: directive('style-src-attr').includes(hash(text)),
        }).toEqual({ attribute: text, allowed: true });
      // Scripts come from files only; a JSON data block does not run.
      const inlineScripts = [...res.text.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].filter(
        (m) => !/type="application\/json"/.test(m[1]),
      );
      expect(inlineScripts).toEqual([]);
    }
  });
});

describe('security headers behind https', () => {
  it('adds HSTS for a year with subdomains to every answer when PUBLIC_URL is https', async () => {
    const t = await startTestApp({
      PUBLIC_URL: 'https://medguard.example.kz',
      S3_PUBLIC_ENDPOINT: 'https://media.medguard.example.kz',
    });
    try {
      expectHeaders(
        await everyAnswer(t),
        'https://media.medguard.example.kz',
        'max-age=31536000; includeSubDomains',
      );
    } finally {
      await t.close();
    }
  });
});
