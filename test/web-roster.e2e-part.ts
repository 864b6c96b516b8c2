import { signedInContext, webTestPerFile } from './support/web-test';

const HOUR = 3600_000;
/** A time as a datetime-local field takes it, on the console's clock (Asia/Almaty). */
const localField = (ms: number) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Almaty',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(new Date(ms))
    .replace(' ', 'T');

describe("the police console's duty roster", () => {
  const web = webTestPerFile();

  it('adds a shift for an officer of the post, refuses an overlapping one, and removes it', async () => {
    const { context, page } = await signedInContext(
      web.browser,
      web.base,
      'police@demo.medguard.kz',
    );
    try {
      await page.waitForSelector('#roster-officer option', { state: 'attached' });
      const start = Date.now() + HOUR;
      await page.fill('#roster-from', localField(start));
      await page.fill('#roster-to', localField(start + 2 * HOUR));
      await page.click('#roster-form button[type=submit]');
      const shift = page.locator('#roster li[data-shift]').first();
      await shift.waitFor();
      expect(await shift.textContent()).toContain('Remove');
      const [row] = await web.t.db.query(
        `SELECT s.id FROM police_shifts s JOIN users u ON u.id = s.user_id WHERE u.email = 'police@demo.medguard.kz'`,
      );
      expect(await shift.getAttribute('data-shift')).toBe(row.id);

      await page.click('#roster-form button[type=submit]');
      await page.waitForSelector('#roster-error:not([hidden])');
      expect(await page.textContent('#roster-error')).toBe(
        'This officer already has a shift at that time',
      );

      await shift.locator('button').click();
      await page.waitForSelector(`#roster li[data-shift="${row.id}"]`, { state: 'detached' });
      expect(await web.t.db.query(`SELECT id FROM police_shifts WHERE id = $1`, [row.id])).toEqual(
        [],
      );
      expect(await page.locator('#roster-today li.empty').count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});
