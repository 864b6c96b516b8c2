import { join } from 'node:path';
import { BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS } from './support/browser';
import { Lang, signedInContext, webTestPerFile } from './support/web-test';
import { expectNoSeriousViolations } from './support/axe';

const LANGS: Lang[] = ['kk', 'ru', 'en'];

describe('web pages: field problems, page weight and accessibility', () => {
  const web = webTestPerFile();

  const signedIn = (email: string, lang: Lang = 'en', width = 1280) =>
    signedInContext(web.browser, web.base, email, lang, width);

  it('shows problems next to their field, in the user’s language', async () => {
    const { context, page } = await signedIn('nurse@demo.medguard.kz', 'kk', 360);
    await page.evaluate('localStorage.clear()');
    await page.reload();
    await page.fill('#narrative', '');
    await page.fill('#perpetratorCount', '0');
    await page.click('#send');
    await page.locator('#narrative-error', { hasText: 'Осы өрісті толтырыңыз' }).waitFor();
    await expect(page.locator('#narrative').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#perpetratorCount-error').textContent()).resolves.toBe(
      '1-ден 100-ге дейінгі санды енгізіңіз',
    );
    // The first field with a problem has the focus, for keyboard and screen-reader users.
    await expect(page.evaluate('document.activeElement.id')).resolves.toBe('narrative');
    await context.close();
  });

  it('loads the report form with at most 150 KB of compressed JS and CSS', async () => {
    const { context, page } = await signedIn('nurse@demo.medguard.kz', 'en', 360);
    const sizes: Promise<number>[] = [];
    page.on('requestfinished', (request) => {
      if (['script', 'stylesheet'].includes(request.resourceType()))
        sizes.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
    });
    await page.goto(`${web.base}/report`, { waitUntil: 'networkidle' });
    const total = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    expect(total).toBeLessThanOrEqual(150 * 1024);
    await context.close();
  });

  it.each(LANGS)(
    'passes the axe check on every page in %s, at phone and desktop widths',
    async (lang) => {
      const pages: Array<[string, string | null]> = [
        ['/', null],
        ['/report', 'nurse@demo.medguard.kz'],
        // The facility admin's report page also lists the facility's open SOS.
        ['/report', 'safety@demo.medguard.kz'],
        ['/police', 'police@demo.medguard.kz'],
        ['/ministry', 'ministry@demo.medguard.kz'],
      ];
      {
        for (const [path, user] of pages) {
          let context: BrowserContext;
          let page: Page;
          if (user) ({ context, page } = await signedIn(user, lang));
          else {
            context = await web.browser.newContext({ locale: lang });
            await context.addCookies([{ name: 'mg_lang', value: lang, url: web.base }]);
            page = await context.newPage();
          }
          await page.goto(`${web.base}${path}`, { waitUntil: 'networkidle' });
          await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
          await expectNoSeriousViolations(page, `${path} ${lang}`);
          const name = `${path === '/' ? 'sign-in' : path.slice(1)}${user?.startsWith('safety') ? '-facility-admin' : ''}`;
          for (const width of [360, 1280]) {
            await page.setViewportSize({ width, height: 900 });
            await page.screenshot({
              path: join(ARTIFACTS, `${name}-${lang}-${width}.png`),
              fullPage: true,
            });
          }
          await context.close();
        }
      }
    },
  );
});
