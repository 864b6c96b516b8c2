import { Page } from 'playwright-core';
import { DEMO_IDS } from '../seeds/demo';
import { CATALOGUES } from '../src/i18n/i18n';
import { bearer } from './support/test-app';
import { Lang, waitForExpression, webTestPerFile } from './support/web-test';
import { expectNoSeriousViolations } from './support/axe';

const LANGS: Lang[] = ['kk', 'ru', 'en'];
let serial = 0;

describe('account pages: reset link, change password, sessions', () => {
  const web = webTestPerFile();
  let admin: string;

  beforeAll(async () => {
    admin = await web.t.login('admin@demo.medguard.kz');
  });

  /** A new nurse account, made by the admin through the API. */
  async function nurse(locale: Lang = 'en', password = 'First-nurse-pass-2026') {
    const email = `page-nurse-${Date.now()}-${serial++}@example.kz`;
    const res = await web.t.http().post('/api/v1/users').set(bearer(admin)).send({
      email,
      fullName: 'Page Nurse',
      role: 'staff',
      facilityId: DEMO_IDS.centralHospital,
      password,
      locale,
    });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, email, password };
  }
  const apiStatus = async (token: string) =>
    (await web.t.http().get('/api/v1/auth/me').set(bearer(token))).status;

  async function signInOnPage(page: Page, email: string, password: string) {
    await page.goto(`${web.base}/`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await Promise.all([
      page.waitForURL((u) => u.pathname !== '/'),
      page.click('button[type=submit]'),
    ]);
  }

  it('a reset link the admin issued opens in a fresh browser, sets the password, and the old session is gone', async () => {
    const person = await nurse();
    const oldSession = await web.t.login(person.email, person.password);
    const issued = await web.t
      .http()
      .post(`/api/v1/users/${person.id}/password-reset`)
      .set(bearer(admin));
    expect(issued.status).toBe(201);
    const link = (issued.body.url as string).replace(web.t.config.publicUrl, web.base);

    const context = await web.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    const sent: string[] = [];
    page.on('request', (r) => sent.push(r.url()));
    await page.goto(link);
    // The token leaves the address bar at once, and never went to the server in a URL.
    await waitForExpression(page, "location.hash === ''");
    const token = new URL(issued.body.url).hash.slice(1);
    expect(sent.some((u) => u.includes(token))).toBe(false);

    await page.fill('#new-password', 'password1234');
    await page.click('#reset-password button[type=submit]');
    await page
      .locator('#reset-error', { hasText: CATALOGUES.en['web.account.passwordCommon'] })
      .waitFor();
    await page.fill('#new-password', 'My-new-page-password-2026');
    await page.click('#reset-password button[type=submit]');
    await page.locator('#reset-done').waitFor();
    expect(await apiStatus(oldSession)).toBe(401);

    await signInOnPage(page, person.email, 'My-new-page-password-2026');
    expect(new URL(page.url()).pathname).toBe('/report');
    await context.close();
  });

  it('the account page changes the password (showing the rule in the user’s language) and signs out another session', async () => {
    const person = await nurse();
    const elsewhere = await web.t.login(person.email, person.password);
    const context = await web.browser.newContext({ locale: 'kk' });
    const page = await context.newPage();
    await signInOnPage(page, person.email, person.password);
    await Promise.all([page.waitForEvent('load'), page.click('.langs a[lang="kk"]')]);
    await Promise.all([page.waitForURL('**/account'), page.click('#account-link')]);
    await page.locator('#sessions li').nth(1).waitFor();

    await page.fill('#current-password', person.password);
    await page.fill('#new-password', 'qwerty123456');
    await page.click('#change-password button[type=submit]');
    await page
      .locator('#password-error', { hasText: CATALOGUES.kk['web.account.passwordCommon'] })
      .waitFor();
    expect(await apiStatus(elsewhere)).toBe(200);

    await page.fill('#new-password', 'Changed-on-page-2026');
    await page.click('#change-password button[type=submit]');
    await page
      .locator('#password-status', { hasText: CATALOGUES.kk['web.account.changed'] })
      .waitFor();
    expect(await apiStatus(elsewhere)).toBe(401);
    await expect(page.locator('#sessions li').count()).resolves.toBe(1);

    // Another sign-in appears in the list; "sign out this session" ends it.
    const phone = await web.t.login(person.email, 'Changed-on-page-2026');
    await page.reload();
    await page.locator('#sessions li').nth(1).waitFor();
    await page.click('.sign-out-session');
    await page
      .locator('#sessions-status', { hasText: CATALOGUES.kk['web.account.sessionEnded'] })
      .waitFor();
    expect(await apiStatus(phone)).toBe(401);
    await expect(page.locator('#sessions li').count()).resolves.toBe(1);
    // This page's own session goes on.
    expect((await page.request.get(`${web.base}/api/v1/auth/me`)).status()).toBe(200);
    await context.close();
  });

  it('“sign out everywhere else” ends every other session', async () => {
    const person = await nurse();
    const context = await web.browser.newContext({ locale: 'en' });
    const page = await context.newPage();
    await signInOnPage(page, person.email, person.password);
    const others: string[] = [];
    for (let i = 0; i < 3; i++) others.push(await web.t.login(person.email, person.password));
    await page.goto(`${web.base}/account`);
    await page.locator('#sessions li').nth(3).waitFor();
    await page.click('#sign-out-others');
    await page
      .locator('#sessions-status', { hasText: CATALOGUES.en['web.account.othersEnded'] })
      .waitFor();
    for (const token of others) expect(await apiStatus(token)).toBe(401);
    await expect(page.locator('#sessions li').count()).resolves.toBe(1);
    await context.close();
  });

  it.each(LANGS)('the account and reset pages pass the axe check in %s', async (lang) => {
    const person = await nurse(lang);
    const context = await web.browser.newContext({ locale: lang });
    await context.addCookies([{ name: 'mg_lang', value: lang, url: web.base }]);
    const page = await context.newPage();
    await page.goto(`${web.base}/password-reset#mgr_not-a-real-token`, {
      waitUntil: 'networkidle',
    });
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
    await expectNoSeriousViolations(page, `/password-reset ${lang}`);
    await signInOnPage(page, person.email, person.password);
    await page.goto(`${web.base}/account`, { waitUntil: 'networkidle' });
    await page.locator('#sessions li').first().waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
    await expectNoSeriousViolations(page, `/account ${lang}`);
    await context.close();
  });
});
