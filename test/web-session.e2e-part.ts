import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { report } from './support/incidents';
import { bearer, DEMO_PASSWORDS, startTestApp, TestApp } from './support/test-app';
import { pageSession, webTestPerFile } from './support/web-test';

describe('sessions, sign-in and session cookies', () => {
  const web = webTestPerFile();

  describe('sessions and CSRF', () => {
    it('signs in with an httpOnly, SameSite cookie and protects changes made with it', async () => {
      const res = await web.t.http().post('/web/session').send({
        email: 'nurse@demo.medguard.kz',
        password: DEMO_PASSWORDS['nurse@demo.medguard.kz'],
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ home: '/report' });
      const cookies = res.headers['set-cookie'] as unknown as string[];
      const session = cookies.find((c) => c.startsWith('mg_session='))!;
      const csrf = cookies.find((c) => c.startsWith('mg_csrf='))!;
      expect(session).toMatch(/HttpOnly/);
      expect(session).toMatch(/SameSite=Lax/);
      expect(csrf).not.toMatch(/HttpOnly/);
      const cookie = [session.split(';')[0], csrf.split(';')[0]].join('; ');
      const token = decodeURIComponent(csrf.split(';')[0].split('=')[1]);
      expect((await web.t.http().get('/api/v1/auth/me').set('Cookie', cookie)).status).toBe(200);
      const forged = await web.t
        .http()
        .post('/api/v1/incidents')
        .set('Cookie', cookie)
        .send(report());
      expect(forged.status).toBe(403);
      const wrong = await web.t
        .http()
        .post('/api/v1/incidents')
        .set('Cookie', cookie)
        .set('X-CSRF-Token', (token[0] === 'x' ? 'y' : 'x') + token.slice(1))
        .send(report());
      expect(wrong.status).toBe(403);
      const real = await web.t
        .http()
        .post('/api/v1/incidents')
        .set('Cookie', cookie)
        .set('X-CSRF-Token', token)
        .send(report());
      expect(real.status).toBe(201);
      // Bearer tokens (devices, integrations) need no CSRF token: no browser sends them by itself.
      expect(
        (
          await web.t
            .http()
            .post('/api/v1/incidents')
            .set(bearer(await web.t.login('nurse@demo.medguard.kz')))
            .send(report())
        ).status,
      ).toBe(201);
      const out = await web.t
        .http()
        .post('/web/session/end')
        .set('Cookie', cookie)
        .set('X-CSRF-Token', token);
      expect(out.status).toBe(204);
      expect((await web.t.http().get('/api/v1/auth/me').set('Cookie', cookie)).status).toBe(401);
    });

    it('sends visitors without a session to sign in, and other roles to a refusal', async () => {
      const anonymous = await web.t.http().get('/police');
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.location).toBe('/?next=%2Fpolice');
      const res = await web.t.http().post('/web/session').send({
        email: 'nurse@demo.medguard.kz',
        password: DEMO_PASSWORDS['nurse@demo.medguard.kz'],
      });
      const cookie = (res.headers['set-cookie'] as unknown as string[])
        .map((c) => c.split(';')[0])
        .join('; ');
      const refused = await web.t.http().get('/ministry').set('Cookie', cookie);
      expect(refused.status).toBe(403);
      expect(refused.headers['content-security-policy']).toMatch(/script-src 'self'/);
      expect((await web.t.http().get('/').set('Cookie', cookie)).headers.location).toBe('/report');
      expect(
        (await web.t.http().get('/lang/kk?next=//evil.example').set('Cookie', cookie)).headers
          .location,
      ).toBe('/');
    });
  });

  describe('signing in from another site', () => {
    const nurse = {
      email: 'nurse@demo.medguard.kz',
      password: DEMO_PASSWORDS['nurse@demo.medguard.kz'],
    };

    it('refuses a form-encoded sign-in with 415 and signs no one in', async () => {
      const res = await web.t.http().post('/web/session').type('form').send(nurse);
      expect(res.status).toBe(415);
      expect(res.headers['set-cookie']).toBeUndefined();
      const text = await web.t
        .http()
        .post('/web/session')
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify(nurse));
      expect(text.status).toBe(415);
      expect(text.headers['set-cookie']).toBeUndefined();
    });

    it.each([
      [{ Origin: 'https://evil.example' }],
      [{ Origin: 'null' }],
      [{ 'Sec-Fetch-Site': 'cross-site' }],
      [{ Origin: 'http://127.0.0.1', 'Sec-Fetch-Site': 'cross-site' }],
    ])('refuses a JSON sign-in sent with %j with 403', async (headers) => {
      const res = await web.t.http().post('/web/session').set(headers).send(nurse);
      expect(res.status).toBe(403);
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('accepts the pages’ own JSON sign-in, from this host or from PUBLIC_URL', async () => {
      const own = await web.t
        .http()
        .post('/web/session')
        .set('Origin', web.base)
        .set('Sec-Fetch-Site', 'same-origin')
        .send(nurse);
      expect(own.status).toBe(200);
      const configured = await web.t
        .http()
        .post('/web/session')
        .set('Origin', new URL(web.t.config.publicUrl).origin)
        .send(nurse);
      expect(configured.status).toBe(200);
    });

    it('a hostile page cannot sign the nurse’s browser into another account', async () => {
      const attacker = {
        email: 'paramedic@demo.medguard.kz',
        password: DEMO_PASSWORDS['paramedic@demo.medguard.kz'],
      };
      const hostile: Server = createServer((_req, res) => {
        res.setHeader('Content-Type', 'text/html');
        res.end(`<!doctype html><form method="post" action="${web.base}/web/session">
        <input name="email" value="${attacker.email}"><input name="password" value="${attacker.password}">
        </form><script>document.forms[0].submit()</script>`);
      });
      await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.2', resolve));
      const context = await web.browser.newContext();
      try {
        const page = await context.newPage();
        const posted = page.waitForResponse((r) => r.url() === `${web.base}/web/session`);
        await page.goto(`http://127.0.0.2:${(hostile.address() as AddressInfo).port}/`);
        expect((await posted).status()).toBe(403);
        await page.goto(`${web.base}/report`);
        // Still signed out: the report form asks for a sign-in instead of opening as the attacker.
        expect(new URL(page.url()).pathname).toBe('/');
        await page.locator('#sign-in').waitFor();
        expect((await context.cookies(web.base)).map((c) => c.name)).not.toContain('mg_session');
      } finally {
        await context.close();
        await new Promise((resolve) => hostile.close(resolve));
      }
    });
  });

  describe('who is signed in', () => {
    const NAMES: Record<string, Record<string, string>> = {
      en: {
        label: 'Signed in as',
        staff: 'Medical staff',
        police: 'Police officer',
        ministry: 'Ministry of Health analyst',
      },
      ru: {
        label: 'Вы вошли как',
        staff: 'Медработник',
        police: 'Сотрудник полиции',
        ministry: 'Аналитик Минздрава',
      },
      kk: {
        label: 'Жүйеге кірген',
        staff: 'Медицина қызметкері',
        police: 'Полиция қызметкері',
        ministry: 'Денсаулық сақтау министрлігінің сарапшысы',
      },
    };

    it.each(['en', 'ru', 'kk'])(
      'every page names the signed-in user and their role, in %s',
      async (lang) => {
        const pages: Array<[string, string, string, string]> = [
          ['/report', 'nurse@demo.medguard.kz', 'Demo Nurse', 'staff'],
          ['/police', 'police@demo.medguard.kz', 'Demo Officer', 'police'],
          ['/ministry', 'ministry@demo.medguard.kz', 'Demo Analyst', 'ministry'],
          // The refusal of another role's page too.
          ['/police', 'nurse@demo.medguard.kz', 'Demo Nurse', 'staff'],
        ];
        for (const [path, email, name, role] of pages) {
          const { cookie } = await pageSession(web.t, email);
          const res = await web.t.http().get(path).set('Cookie', `${cookie}; mg_lang=${lang}`);
          const who = /<p id="signed-in-as"[^>]*>([\s\S]*?)<\/p>/
            .exec(res.text)?.[1]
            .replace(/<[^>]+>/g, '');
          expect({ path, who }).toEqual({
            path,
            who: `${NAMES[lang].label}: ${name} · ${NAMES[lang][role]}`,
          });
        }
      },
    );
  });

  describe('session cookies', () => {
    const setCookies = async (app: TestApp) => {
      const res = await app.http().post('/web/session').send({
        email: 'nurse@demo.medguard.kz',
        password: DEMO_PASSWORDS['nurse@demo.medguard.kz'],
      });
      expect(res.status).toBe(200);
      return res.headers['set-cookie'] as unknown as string[];
    };

    it('are Secure when PUBLIC_URL is plain http on a host other than this machine', async () => {
      const app = await startTestApp({ PUBLIC_URL: 'http://medguard.hospital.kz' });
      try {
        const cookies = await setCookies(app);
        expect(cookies.length).toBeGreaterThanOrEqual(3);
        for (const cookie of cookies) expect(cookie).toMatch(/; Secure/);
      } finally {
        await app.close();
      }
    });

    it('are not Secure for a plain-http PUBLIC_URL on localhost, so local sign-in works', async () => {
      for (const cookie of await setCookies(web.t)) expect(cookie).not.toMatch(/Secure/);
    });
  });
});
