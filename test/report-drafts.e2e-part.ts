import { Page } from 'playwright-core';
import { reportsWithNarratives } from './support/personal-data';
import { signInOn, webTestPerFile } from './support/web-test';

describe('report drafts on a shared browser', () => {
  const web = webTestPerFile();

  const A = 'nurse@demo.medguard.kz';
  const B = 'safety@demo.medguard.kz';

  async function reportAs(page: Page, email: string) {
    await signInOn(page, web.base, email);
    // A safety officer's home is the workspace; the report form is a tab away.
    if (email === B) {
      expect(new URL(page.url()).pathname).toBe('/facility');
      await page.goto(`${web.base}/report`);
    }
    expect(new URL(page.url()).pathname).toBe('/report');
    await page.locator('#narrative').waitFor();
  }

  /** A's half-written report: the victim's name and what happened. */
  async function typeDraft(page: Page, marker: string) {
    await page.fill('#narrative', `Struck at the admission desk ${marker}`);
    await page.fill('#victim-name-0', `Victim ${marker}`);
    await expect(page.evaluate('JSON.stringify(localStorage)')).resolves.toContain(marker);
    // The form has settled (its category preview came back): the tab is now left alone.
    await page.waitForSelector('#classification:not([hidden])');
  }

  const filedWith = async (marker: string) =>
    (await reportsWithNarratives(web.t)).filter((r) => r.narrative.includes(marker)).length;

  it('is gone after sign-out: the next person gets an empty form and nothing of it is left', async () => {
    const context = await web.browser.newContext();
    try {
      const page = await context.newPage();
      await reportAs(page, A);
      const marker = `draft-${Date.now()}`;
      await typeDraft(page, marker);
      await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#sign-out')]);
      await reportAs(page, B);
      await expect(page.locator('#narrative').inputValue()).resolves.toBe('');
      await expect(page.locator('#victim-name-0').inputValue()).resolves.toBe('');
      await expect(page.evaluate('JSON.stringify(localStorage)')).resolves.not.toContain(marker);
      // B files their own report; A's draft is never sent under B's name.
      await page.fill('#narrative', `B's own report ${marker}`);
      await page.click('#send');
      await page.waitForSelector('#done:not([hidden])');
      const filed = (await reportsWithNarratives(web.t)).filter((r) =>
        r.narrative.includes(marker),
      );
      const emails = (await web.t.db.query(`SELECT id, email FROM users`)) as Array<{
        id: string;
        email: string;
      }>;
      expect(
        filed.map((r) => ({
          narrative: r.narrative,
          email: emails.find((u) => u.id === r.reporter_id)?.email,
        })),
      ).toEqual([{ narrative: `B's own report ${marker}`, email: B }]);
    } finally {
      await context.close();
    }
  });

  it('is never shown or sent to another account when its owner did not sign out', async () => {
    const context = await web.browser.newContext();
    try {
      const left = await context.newPage();
      await reportAs(left, A);
      const marker = `kept-${Date.now()}`;
      await typeDraft(left, marker);
      // A walks away; the session ends without a sign-out, and B signs in on the same browser.
      await web.t.db.query(
        `UPDATE sessions SET expires_at = now() - interval '1 second'
          WHERE user_id = (SELECT id FROM users WHERE email = $1)`,
        [A],
      );
      const page = await context.newPage();
      await reportAs(page, B);
      await expect(page.locator('#narrative').inputValue()).resolves.toBe('');
      await expect(page.locator('#victim-name-0').inputValue()).resolves.toBe('');
      // A's tab is still open with the draft; sending from it now must not file under B.
      const outcome = Promise.race([
        left.waitForEvent('framenavigated').then(() => 'reloaded'),
        left.waitForSelector('#done:not([hidden])').then(() => 'sent'),
      ]);
      await left.click('#send');
      await expect(outcome).resolves.toBe('reloaded');
      await expect(filedWith(marker)).resolves.toBe(0);
      // The tab now shows the form of whoever is signed in: B's, empty.
      await left.waitForURL((u) => u.pathname === '/report');
      await expect(left.locator('#narrative').inputValue()).resolves.toBe('');
      // A signs in again later and finds the draft where they left it.
      await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#sign-out')]);
      await reportAs(page, A);
      await expect(page.locator('#narrative').inputValue()).resolves.toContain(marker);
    } finally {
      await context.close();
    }
  });
});
