import { randomUUID } from 'node:crypto';
import { expectNoSeriousViolations } from './support/axe';
import { eventually } from './support/alert-stack';
import { fileIncident } from './support/incidents';
import { bearer } from './support/test-app';
import { Lang, signedInContext, webTestPerFile } from './support/web-test';
import { screenshots } from './support/screenshots';

const LANGS: Lang[] = ['kk', 'ru', 'en'];

describe('the reporter’s case page', () => {
  const web = webTestPerFile({ CASE_PAGE_POLL_SECONDS: '1' });

  it('the nurse opens her report from “My reports” and adds to it; the police console shows it, and her open page hears of the acknowledgement and the status change', async () => {
    const nurse = await signedInContext(web.browser, web.base, 'nurse@demo.medguard.kz');
    const police = await signedInContext(web.browser, web.base, 'police@demo.medguard.kz');
    const page = nurse.page;
    await page.evaluate('localStorage.clear()');
    await page.reload();
    const narrative = `Struck at the reception desk ${randomUUID().slice(0, 8)}`;
    await page.selectOption('#kind', 'physical_assault');
    await page.fill('#narrative', narrative);
    await page.click('#send');
    await page.waitForSelector('#done:not([hidden])');
    const reference = (await page.locator('#reference').textContent())!;

    await Promise.all([
      page.waitForURL(/\/reports\/[0-9a-f-]{36}$/),
      page.locator('#my-reports a', { hasText: reference }).click(),
    ]);
    await expect(page.locator('#case-reference').textContent()).resolves.toBe(reference);
    await page.locator('#case-filed', { hasText: narrative }).waitFor();
    await expect(page.locator('#case-category').textContent()).resolves.toBe('Assault');
    await expect(page.locator('#case-acknowledgements').textContent()).resolves.toBe(
      'The police have not acknowledged the report yet.',
    );

    const officer = police.page;
    await officer.waitForSelector('#connection.live');
    const item = officer.locator('[data-alert]', { hasText: reference });
    await item.locator('button.secondary').click();
    await officer.locator('#detail:not([hidden])', { hasText: reference }).waitFor();

    // The addendum, sent from the keyboard: the field, then the button.
    const addendum = 'He came back an hour later and threatened the guard';
    await page.focus('#addendum-text');
    await page.keyboard.type(addendum);
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement.id')).resolves.toBe('addendum-send');
    await page.keyboard.press('Enter');
    await page.locator('#addendum-status', { hasText: 'Added to the report' }).waitFor();
    await page.locator('#case-addenda-list li', { hasText: addendum }).waitFor();
    await expect(page.locator('#addendum-text').inputValue()).resolves.toBe('');
    // The console's `updated` event brings the addendum into the open detail.
    await officer.locator('#addenda li', { hasText: addendum }).waitFor();

    await item.locator('button.ack').click();
    await page
      .locator('#case-live', { hasText: 'The police acknowledged the report: ' })
      .waitFor({ timeout: 15_000 });
    await page
      .locator('#case-acknowledgements li', { hasText: 'Central City Clinical Hospital' })
      .waitFor();
    await expect(page.locator('#case-status').textContent()).resolves.toBe(
      'Acknowledged by police',
    );

    await officer.selectOption('#new-status', 'investigating');
    await officer.fill('#status-note', 'An officer is on the way');
    await officer.locator('#status-form button[type=submit]').click();
    await page
      .locator('#case-live', { hasText: 'The status of the report changed: Under investigation' })
      .waitFor({ timeout: 15_000 });
    await page.locator('#case-history-list li', { hasText: 'An officer is on the way' }).waitFor();
    await expect(page.locator('#case-status').textContent()).resolves.toBe('Under investigation');
    // Nothing on the page offers to change what was filed.
    await expect(page.locator('#case-filed input, #case-filed textarea').count()).resolves.toBe(0);
    await nurse.context.close();
    await police.context.close();
  });

  it('says every change that came together, when the police act while its check of the progress is still on the way', async () => {
    const filed = await fileIncident(web.t);
    const nurse = await signedInContext(web.browser, web.base, 'nurse@demo.medguard.kz');
    const page = nurse.page;
    await page.goto(`${web.base}/reports/${filed.id}`);
    await page.locator('#case-reference', { hasText: filed.reference }).waitFor();
    // The page's next checks of the progress are held, as on a slow connection, while an
    // officer acknowledges the report and changes its status.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    await page.route(`**/api/v1/incidents/${filed.id}/progress`, async (route) => {
      held += 1;
      await gate;
      await route.continue();
    });
    await eventually(
      async () => held,
      (n) => n > 0,
      10_000,
    );
    const police = await web.t.login('police@demo.medguard.kz');
    const alerts = (await web.t.db.query(`SELECT id FROM alerts WHERE incident_id = $1`, [
      filed.id,
    ])) as Array<{ id: string }>;
    const acks = await Promise.all(
      alerts.map((a) => web.t.http().post(`/api/v1/alerts/${a.id}/ack`).set(bearer(police))),
    );
    expect(acks.map((a) => a.status)).toContain(200);
    const moved = await web.t
      .http()
      .patch(`/api/v1/incidents/${filed.id}/status`)
      .set(bearer(police))
      .send({ status: 'investigating', note: 'On the way' });
    expect(moved.status).toBe(200);
    release();
    await page
      .locator('#case-live', { hasText: 'The status of the report changed: Under investigation' })
      .waitFor({ timeout: 15_000 });
    await expect(page.locator('#case-live').textContent()).resolves.toContain(
      'The police acknowledged the report: ',
    );
    await expect(page.locator('#case-status').textContent()).resolves.toBe('Under investigation');
    await nurse.context.close();
  });

  it('shows a second nurse the same not-found page for the report and for a made-up id', async () => {
    const filed = await fileIncident(web.t, { narrative: 'Not for the paramedic' });
    const { context, page } = await signedInContext(
      web.browser,
      web.base,
      'paramedic@demo.medguard.kz',
    );
    const theirs = await page.goto(`${web.base}/reports/${filed.id}`);
    const theirsText = await page.locator('main').textContent();
    const madeUp = await page.goto(`${web.base}/reports/${randomUUID()}`);
    const madeUpText = await page.locator('main').textContent();
    expect([theirs?.status(), madeUp?.status()]).toEqual([404, 404]);
    expect(theirsText).toBe(madeUpText);
    expect(theirsText).not.toContain('Not for the paramedic');
    await context.close();
  });

  it.each(LANGS)('in %s: passes the axe check, fits 360 px, and is screenshot', async (lang) => {
    const filed = await fileIncident(web.t, { narrative: `A report to look at in ${lang}` });
    const { context, page } = await signedInContext(
      web.browser,
      web.base,
      'nurse@demo.medguard.kz',
      lang,
      360,
    );
    await page.goto(`${web.base}/reports/${filed.id}`, { waitUntil: 'networkidle' });
    await page.locator('#case-filed').waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
    await expect(
      page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'),
    ).resolves.toBe(true);
    await expectNoSeriousViolations(page, `/reports/:id ${lang}`);
    await screenshots(page, 'case', lang);
    await page.setViewportSize({ width: 360, height: 900 });
    // A problem with the addendum is named in the language of the page.
    await page.click('#addendum-send');
    await expect(page.locator('#addendum-text').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#addendum-text-error').textContent()).resolves.toBe(
      { kk: 'Осы өрісті толтырыңыз', ru: 'Заполните это поле', en: 'Please fill this in' }[lang],
    );
    await context.close();
  });
});
