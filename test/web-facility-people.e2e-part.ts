import { BrowserContext, Page } from 'playwright-core';
import { DEMO_IDS } from '../seeds/demo';
import { uniqueEmail } from './support/accounts';
import { expectNoSeriousViolations } from './support/axe';
import { mp4 } from './support/media';
import { Lang, signedInContext, webTestPerFile } from './support/web-test';
import { screenshots } from './support/screenshots';

const SAFETY = 'safety@demo.medguard.kz';
const ADMIN = 'admin@demo.medguard.kz';
const PAGES = ['/facility/staff', '/facility/devices'];

describe('the facility workspace: staff accounts, units, devices and device keys', () => {
  const web = webTestPerFile();
  const contexts: BrowserContext[] = [];
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  const signedIn = async (email: string, lang: Lang = 'en', width = 1280) => {
    const opened = await signedInContext(web.browser, web.base, email, lang, width);
    contexts.push(opened.context);
    await opened.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: web.base,
    });
    return opened.page;
  };
  const open = async (page: Page, path: string) => {
    await page.goto(`${web.base}${path}`, { waitUntil: 'networkidle' });
  };
  /** What the page's copy button put on the clipboard. */
  const copied = async (page: Page, box: string) => {
    await page.click(`#${box}-copy`);
    await page.locator(`#${box}-status`, { hasText: 'Copied.' }).waitFor();
    return (await page.evaluate('navigator.clipboard.readText()')) as string;
  };
  const confirm = async (page: Page) => {
    await page.locator('#confirm[open]').waitFor();
    await page.click('#confirm-ok');
  };
  it('creates a staff account whose holder sets a password through the copied link, signs in, and is signed out when deactivated; the undo brings the account back', async () => {
    const page = await signedIn(SAFETY);
    await open(page, '/facility/staff');
    await expect(page.locator('.tabs a[aria-current=page]').textContent()).resolves.toBe(
      'Staff accounts',
    );
    const email = uniqueEmail('new-nurse');
    await page.fill('#staff-fullName', 'Aliya Nurlanovna');
    await page.fill('#staff-email', email);
    await page.fill('#staff-phone', '+77017654321');
    await page.selectOption('#staff-locale', 'ru');
    await page.click('#create-staff button[type=submit]');
    await page.locator('#link-once:not([hidden])').waitFor();
    await expect(page.evaluate('document.activeElement.id')).resolves.toBe('link-once-title');
    const link = await copied(page, 'link-once');
    expect(link).toBe(await page.inputValue('#link-once-value'));
    expect(new URL(link).pathname).toBe('/password-reset');
    const row = page.locator(`tr[data-email="${email}"]`);
    await row.waitFor();
    await expect(row.locator('td.state').textContent()).resolves.toBe('Active');

    // The new colleague, in a browser of their own.
    const holder = await web.browser.newContext({
      locale: 'ru',
      viewport: { width: 360, height: 800 },
    });
    contexts.push(holder);
    const theirs = await holder.newPage();
    await theirs.goto(link.replace(web.t.config.publicUrl, web.base));
    await theirs.fill('#new-password', 'Aliya-chose-this-2026');
    await theirs.click('#reset-password button[type=submit]');
    await theirs.locator('#reset-done').waitFor();
    await theirs.goto(`${web.base}/`);
    await theirs.fill('#email', email);
    await theirs.fill('#password', 'Aliya-chose-this-2026');
    await Promise.all([
      theirs.waitForURL((u) => u.pathname === '/report'),
      theirs.click('button[type=submit]'),
    ]);
    await expect(theirs.locator('html').getAttribute('lang')).resolves.toBe('ru');
    // The link was single-use.
    await theirs.goto(link.replace(web.t.config.publicUrl, web.base));
    await theirs.fill('#new-password', 'Someone-else-2026x');
    await theirs.click('#reset-password button[type=submit]');
    await theirs.locator('#reset-error:not(:empty)').waitFor();

    // Deactivated: the holder's session ends at once.
    await page.reload({ waitUntil: 'networkidle' });
    await expect(row.locator('td').nth(5).textContent()).resolves.not.toBe('Never');
    await row.locator('button.deactivate').click();
    await confirm(page);
    await page.locator('#staff-undo').waitFor();
    await row.locator('td.state', { hasText: 'Deactivated' }).waitFor();
    await theirs.goto(`${web.base}/report`);
    expect(new URL(theirs.url()).pathname).toBe('/');

    // Undone: the holder signs in again with the password they chose.
    await page.click('#staff-undo');
    await page.locator('#staff-status', { hasText: 'can sign in again' }).waitFor();
    await row.locator('td.state', { hasText: 'Active' }).waitFor();
    await theirs.fill('#email', email);
    await theirs.fill('#password', 'Aliya-chose-this-2026');
    await Promise.all([
      theirs.waitForURL((u) => u.pathname === '/report'),
      theirs.click('button[type=submit]'),
    ]);

    // A reset gives a new link, shown once again.
    await row.locator('button.reset-password').click();
    await confirm(page);
    await page.locator('#link-once-value').waitFor();
    expect(await copied(page, 'link-once')).not.toBe(link);
  });

  it('issues a device key that uploads footage and, once revoked, is refused', async () => {
    const page = await signedIn(SAFETY);
    await open(page, '/facility/devices');
    const unitName = `Admission, building ${Date.now()}`;
    await page.fill('#unit-name', unitName);
    await page.click('#create-unit button[type=submit]');
    const unit = page.locator('section.unit', { has: page.locator('h2', { hasText: unitName }) });
    await unit.waitFor();
    await unit.getByLabel('Serial number').fill(`VR-PEOPLE-${Date.now()}`);
    await unit.getByLabel('Model (optional)').fill('Hikvision DS-7608');
    await unit.locator('form.add-device button[type=submit]').click();
    await unit.locator('tr[data-device]').waitFor();
    const deviceId = (await unit.locator('tr[data-device]').getAttribute('data-device'))!;
    const unitId = (await unit.getAttribute('data-unit'))!;

    await unit.getByLabel('What the key is for').fill('Admission dock');
    await unit.locator('form.issue-key button[type=submit]').click();
    await page.locator('#key-once:not([hidden])').waitFor();
    const key = await copied(page, 'key-once');
    expect(key).toMatch(/^mgk_/);
    const listed = page.locator(`section[data-unit="${unitId}"] tr[data-key]`);
    await expect(listed.locator('code').textContent()).resolves.toBe(
      // `mgk_`, the 12-character prefix (which may itself hold `_` or `-`) and its separator.
      `${key.slice(0, 'mgk_'.length + 12 + 1)}…`,
    );

    const upload = () =>
      web.t
        .http()
        .post('/api/v1/footage')
        .set('X-Api-Key', key)
        .field('deviceId', deviceId)
        .field('recordedFrom', new Date(Date.now() - 600_000).toISOString())
        .field('recordedTo', new Date(Date.now() - 60_000).toISOString())
        .attach('file', mp4(8 * 1024), 'dock.mp4');
    expect((await upload()).status).toBe(201);

    await page.click('#key-once-hide');
    await page.locator(`section[data-unit="${unitId}"] button.revoke-key`).click();
    await expect(page.locator('#confirm-text').textContent()).resolves.toContain(
      'refused from its next upload',
    );
    await confirm(page);
    await page.locator('#units-status', { hasText: 'The key is revoked.' }).waitFor();
    expect((await upload()).status).toBe(401);

    // A unit whose device has footage stays; the page says why.
    await page.locator(`section[data-unit="${unitId}"] button.delete-unit`).click();
    await confirm(page);
    await page
      .locator(`#unit-${unitId}-error`, { hasText: 'still has devices, reports or footage' })
      .waitFor();
  });

  it('lets an admin choose a facility and see its staff', async () => {
    const page = await signedIn(ADMIN);
    await open(page, '/facility/staff');
    await expect(page.locator('#staff-table').count()).resolves.toBe(0);
    await page.selectOption('#facility-choice', DEMO_IDS.centralHospital);
    await Promise.all([page.waitForURL(/facilityId=/), page.click('#facility-picker button')]);
    await page.locator('tr[data-email="nurse@demo.medguard.kz"]').waitFor();
    await page.locator('tr[data-email="safety@demo.medguard.kz"]').waitFor();
    await page.fill('#staff-search', 'nurse@');
    await expect(page.locator('#staff-table tbody tr').count()).resolves.toBe(1);
    await page.click('.tabs a[href^="/facility/devices"]');
    await page.locator('section.unit').first().waitFor();
  });

  it.each(['kk', 'ru', 'en'] as Lang[])(
    'passes axe in %s and fits 360 px without sideways scrolling; in English the confirmation works from the keyboard',
    async (lang) => {
      const page = await signedIn(SAFETY, lang, 360);
      for (const path of PAGES) {
        const staffPage = path.endsWith('staff');
        await open(page, path);
        await page
          .locator(staffPage ? '#staff-table tbody tr' : 'section.unit')
          .first()
          .waitFor();
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
        await expect(
          page.evaluate(
            'document.documentElement.scrollWidth <= document.documentElement.clientWidth',
          ),
        ).resolves.toBe(true);
        await expectNoSeriousViolations(page, `${path} ${lang}`);
        if (lang !== 'en') continue;
        const action = page.locator(staffPage ? 'button.deactivate' : 'button.delete-unit').first();
        await action.focus();
        await page.keyboard.press('Enter');
        await page.locator('#confirm[open]').waitFor();
        await expect(page.evaluate('document.activeElement.id')).resolves.toBe('confirm-cancel');
        await expectNoSeriousViolations(page, `${path} confirm`);
        await page.keyboard.press('Escape');
        await page.locator('#confirm').waitFor({ state: 'hidden' });
        // The focus is back on the button that opened it.
        await expect(
          page.evaluate("document.activeElement.getAttribute('aria-label')"),
        ).resolves.toBe(await action.getAttribute('aria-label'));
        await page.evaluate('document.activeElement.blur()');
        await screenshots(page, path.slice(1).replace('/', '-'), lang);
        await page.setViewportSize({ width: 360, height: 900 });
      }
    },
  );
});
