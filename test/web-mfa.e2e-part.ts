import { Page } from 'playwright-core';
import qrcode from 'qrcode-generator';
import { otpauthUri } from '../src/auth/totp';
import { freshUser, FreshUser, STEP_MS, totpAt } from './support/mfa';
import { Lang, recordCspViolations, webTestPerFile } from './support/web-test';
import { snapshot } from './support/screenshots';
import { expectNoSeriousViolations } from './support/axe';

const LANGS: Lang[] = ['kk', 'ru', 'en'];

describe('web pages: multi-factor sign-in', () => {
  // Police must sign in with a code here; the nurse may choose to.
  const web = webTestPerFile({ MFA_REQUIRED_ROLES: 'police' });
  let user: FreshUser;
  let secret = '';
  let recoveryCodes: string[] = [];

  const pageLang = new WeakMap<Page, Lang>();

  async function newPage(lang: Lang = 'en'): Promise<Page> {
    const context = await web.browser.newContext({ locale: lang, timezoneId: 'Asia/Almaty' });
    await context.addCookies([{ name: 'mg_lang', value: lang, url: web.base }]);
    const page = await context.newPage();
    pageLang.set(page, lang);
    return page;
  }

  /** The sign-in page in the language the page was opened in (signing in sets the account's). */
  async function enterPassword(page: Page, email: string, password: string) {
    await page.goto(`${web.base}/lang/${pageLang.get(page) ?? 'en'}`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.click('button[type=submit]');
  }

  async function signOut(page: Page) {
    await Promise.all([page.waitForURL(`${web.base}/`), page.click('#sign-out')]);
  }

  /** Whether each module of the QR code of `text` is dark on the page's canvas, as drawn. */
  async function drawnMatches(page: Page, text: string): Promise<boolean> {
    const qr = qrcode(0, 'M');
    qr.addData(text);
    qr.make();
    const count = qr.getModuleCount();
    const expected = Array.from({ length: count }, (_, r) =>
      Array.from({ length: count }, (_, c) => qr.isDark(r, c)),
    );
    // The centre of each module of the canvas, dark or light (the page draws a 4-module margin).
    const drawn = (await page.evaluate(`(() => {
      const n = ${count};
      const canvas = document.getElementById('mfa-qr');
      const cell = Math.floor(canvas.width / (n + 8));
      const offset = Math.floor((canvas.width - cell * n) / 2);
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      return Array.from({ length: n }, (_, r) =>
        Array.from({ length: n }, (_, c) => {
          const x = offset + c * cell + Math.floor(cell / 2);
          const y = offset + r * cell + Math.floor(cell / 2);
          return pixels.data[(y * canvas.width + x) * 4] < 128;
        }),
      );
    })()`)) as boolean[][];
    return JSON.stringify(drawn) === JSON.stringify(expected);
  }

  it('sets MFA up from the header with the QR code drawn in the page, then signs in with a code', async () => {
    user = await freshUser(web.t);
    const page = await newPage();
    const refused = recordCspViolations(page);
    await enterPassword(page, user.email, user.password);
    await page.waitForURL(`${web.base}/report`);

    await Promise.all([page.waitForURL(`${web.base}/account/mfa`), page.click('#account-mfa')]);
    await page.click('#mfa-start');
    await page.locator('#mfa-setup').waitFor();
    secret = ((await page.textContent('#mfa-secret')) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expect(drawnMatches(page, otpauthUri(user.email, secret))).resolves.toBe(true);
    await expect(page.getAttribute('#mfa-code', 'autocomplete')).resolves.toBe('one-time-code');
    await expect(page.getAttribute('#mfa-code', 'inputmode')).resolves.toBe('numeric');
    await snapshot(page, 'account-mfa-setup-en.png');

    await page.fill('#mfa-code', await totpAt(secret, Date.now()));
    await page.click('#mfa-confirm button[type=submit]');
    await page.locator('#mfa-codes').waitFor();
    recoveryCodes = await page.locator('#mfa-code-list li').allTextContents();
    expect(recoveryCodes).toHaveLength(10);
    await expect(page.locator('#mfa-copy').isVisible()).resolves.toBe(true);
    await expect(page.locator('#mfa-print').isVisible()).resolves.toBe(true);
    await Promise.all([page.waitForURL(`${web.base}/report`), page.click('#mfa-continue')]);
    await signOut(page);

    // The password alone now asks for the code, in a field made for one-time codes.
    await enterPassword(page, user.email, user.password);
    await page.locator('#code-field').waitFor();
    await expect(page.textContent('#sign-in-error')).resolves.toBe(
      'Enter the code to finish signing in',
    );
    await expect(page.getAttribute('#code', 'autocomplete')).resolves.toBe('one-time-code');
    await expect(page.getAttribute('#code', 'inputmode')).resolves.toBe('numeric');
    await expect(page.evaluate('document.activeElement.id')).resolves.toBe('code');
    // The step the set-up used is spent; the phone's next code signs in.
    await page.fill('#code', await totpAt(secret, Date.now() + STEP_MS));
    await Promise.all([page.waitForURL(`${web.base}/report`), page.click('button[type=submit]')]);
    await signOut(page);
    expect(refused).toEqual([]);
    await page.context().close();
  });

  it('signs in once with a recovery code, and refuses it the second time', async () => {
    const page = await newPage();
    for (const attempt of ['first', 'second']) {
      await enterPassword(page, user.email, user.password);
      await page.locator('#code-field').waitFor();
      await page.click('#code-kind');
      await expect(page.textContent('#code-label')).resolves.toBe('Recovery code');
      await page.fill('#code', recoveryCodes[0]);
      if (attempt === 'first') {
        await Promise.all([
          page.waitForURL(`${web.base}/report`),
          page.click('button[type=submit]'),
        ]);
        await signOut(page);
      } else {
        await page.click('button[type=submit]');
        await page
          .locator('#sign-in-error', { hasText: 'The code is not right or was already used' })
          .waitFor();
        expect(new URL(page.url()).pathname).toBe('/');
      }
    }
    await page.context().close();
  });

  it('takes an officer whose role requires MFA to its set-up page after signing in', async () => {
    const page = await newPage();
    await enterPassword(page, 'police@demo.medguard.kz', 'Police-demo-2026!');
    await page.waitForURL(`${web.base}/account/mfa`);
    await page.locator('#mfa-required').waitFor();
    // The console stays closed until it is set up.
    await page.goto(`${web.base}/police`);
    expect(new URL(page.url()).pathname).toBe('/account/mfa');
    await page.context().close();
  });

  it.each(LANGS)(
    'passes the axe check on the code step and the set-up page in %s',
    async (lang) => {
      const page = await newPage(lang);
      await enterPassword(page, user.email, user.password);
      await page.locator('#code-field').waitFor();
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
      await expectNoSeriousViolations(page, `sign-in code ${lang}`);

      await page.fill('#password', 'Staff-demo-2026!');
      await page.fill('#email', 'nurse@demo.medguard.kz');
      await page.fill('#code', '');
      await Promise.all([page.waitForURL(`${web.base}/report`), page.click('button[type=submit]')]);
      // Signing in puts the pages in the nurse's own language; this check is for `lang`.
      await page.context().addCookies([{ name: 'mg_lang', value: lang, url: web.base }]);
      await page.goto(`${web.base}/account/mfa`);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
      await expectNoSeriousViolations(page, `account/mfa ${lang}`);
      await page.click('#mfa-start');
      await page.locator('#mfa-setup').waitFor();
      await expectNoSeriousViolations(page, `account/mfa set-up ${lang}`);
      await page.setViewportSize({ width: 360, height: 900 });
      await snapshot(page, `account-mfa-${lang}-360.png`);
      await page.context().close();
    },
  );
});
