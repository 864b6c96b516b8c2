import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS } from './support/browser';
import { Lang, signedInContext, webTestPerFile } from './support/web-test';
import { screenshots } from './support/screenshots';
import { expectNoSeriousViolations } from './support/axe';
import { fileIncident } from './support/incidents';
import { firstLoadWeights } from './support/page-weight';

const LANGS: Lang[] = ['kk', 'ru', 'en'];
const NURSE = 'nurse@demo.medguard.kz';
const SAFETY = 'safety@demo.medguard.kz';
/** The operator console's sections. */
const ADMIN_PAGES = [
  '/admin',
  '/admin/posts',
  '/admin/users',
  '/admin/rule-sets',
  '/admin/emergencies',
];

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

  it('loads every page with at most 150 KB of compressed JS and CSS', async () => {
    const { id } = await fileIncident(web.t);
    const visits: Array<[string | null, string[]]> = [
      [null, ['/', '/password-reset']],
      [NURSE, ['/report', `/reports/${id}`, '/account', '/account/mfa']],
      ['police@demo.medguard.kz', ['/police']],
      ['ministry@demo.medguard.kz', ['/ministry']],
      [SAFETY, ['/facility', '/facility/staff', '/facility/devices']],
      ['admin@demo.medguard.kz', ADMIN_PAGES],
    ];
    const weights = (
      await Promise.all(
        visits.map(([email, paths]) => firstLoadWeights(web.browser, web.base, email, paths)),
      )
    ).flat();
    writeFileSync(join(ARTIFACTS, 'page-weights.json'), JSON.stringify(weights, null, 2));
    // Every page counted something (its own script and the shared stylesheets at least), and
    // none is over what a phone on a slow connection loads quickly.
    expect(weights.filter((w) => w.files < 2 || w.bytes < 1024)).toEqual([]);
    expect(weights.filter((w) => w.bytes > 150 * 1024)).toEqual([]);
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
          await screenshots(page, name, lang);
          await context.close();
        }
      }
    },
  );
});
