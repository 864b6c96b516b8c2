import { bearer } from './support/test-app';
import { pageSession, recordCspViolations, signInOn, webTestPerFile } from './support/web-test';

describe('queue dashboard', () => {
  const web = webTestPerFile();

  const PAUSE = '/admin/queues/api/queues/maintenance/pause';
  const RESUME = '/admin/queues/api/queues/maintenance/resume';
  const paused = async (cookie: string) =>
    (
      (await web.t.http().get('/admin/queues/api/queues').set('Cookie', cookie)).body
        .queues as Array<{
        name: string;
        isPaused: boolean;
      }>
    ).find((q) => q.name === 'maintenance')!.isPaused;

  it('refuses a change made with the session cookie alone, and takes one with the CSRF token', async () => {
    const { cookie, csrf } = await pageSession(web.t, 'admin@demo.medguard.kz');
    const forged = await web.t.http().put(PAUSE).set('Cookie', cookie);
    expect(forged.status).toBe(403);
    const wrong = await web.t
      .http()
      .put(PAUSE)
      .set('Cookie', cookie)
      .set('X-CSRF-Token', `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}`);
    expect(wrong.status).toBe(403);
    await expect(paused(cookie)).resolves.toBe(false);
    const real = await web.t.http().put(PAUSE).set('Cookie', cookie).set('X-CSRF-Token', csrf);
    expect(real.status).toBe(200);
    await expect(paused(cookie)).resolves.toBe(true);
    // Integrations with a bearer token need no CSRF token: no browser sends one by itself.
    const admin = await web.t.login('admin@demo.medguard.kz');
    expect((await web.t.http().put(RESUME).set(bearer(admin))).status).toBe(200);
    await expect(paused(cookie)).resolves.toBe(false);
  });

  it('still lets an admin pause a queue from the dashboard’s own page', async () => {
    const admin = await web.t.login('admin@demo.medguard.kz');
    expect((await web.t.http().put(RESUME).set(bearer(admin))).status).toBe(200);
    const context = await web.browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const refused = recordCspViolations(page);
      await signInOn(page, web.base, 'admin@demo.medguard.kz');
      const shown = await page.goto(`${web.base}/admin/queues/queue/maintenance`, {
        waitUntil: 'networkidle',
      });
      expect(shown?.headers()['content-security-policy']).toContain("script-src 'self'");
      await page.locator('button:right-of(:text("No workers"))').first().click();
      await page.locator('[role=menuitem]', { hasText: 'Pause' }).click();
      const answer = page.waitForResponse((r) => r.url().endsWith(PAUSE));
      await page.locator('button', { hasText: 'Confirm' }).click();
      expect((await answer).status()).toBe(200);
      const queues = await web.t.http().get('/admin/queues/api/queues').set(bearer(admin));
      expect(
        queues.body.queues.find((q: { name: string }) => q.name === 'maintenance').isPaused,
      ).toBe(true);
      expect((await web.t.http().put(RESUME).set(bearer(admin))).status).toBe(200);
      // Under its policy the page refuses only the third-party web-font stylesheet it links.
      expect(refused.filter((text) => !text.includes('https://fonts.googleapis.com/'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
