import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedId } from '../seeds/seed-ids';
import { expectNoSeriousViolations } from './support/axe';
import { uploadFootage } from './support/footage';
import { CENTRAL, CENTRAL_ADMISSION, hoursAgo, report } from './support/incidents';
import { bearer } from './support/test-app';
import { Lang, signedInContext, signInOn, webTestPerFile } from './support/web-test';
import { screenshots } from './support/screenshots';

const SAFETY = 'safety@demo.medguard.kz';
const CLIP = readFileSync(join(__dirname, 'fixtures', 'clip.mp4'));
const RECORDER = seedId('device:almaty:cgkb:recorder');

/** What the test reads of a video element. */
interface Playing {
  readyState: number;
  duration: number;
  addEventListener(type: string, listener: () => void): void;
}

describe('the facility workspace: reports, the full report and victim support', () => {
  const web = webTestPerFile();
  let incident: { id: string; reference: string };
  let other: { id: string; reference: string };
  let footageId: string;
  let policeHeld: string;

  beforeAll(async () => {
    const [nurse, safety, police] = await web.t.loginAll('nurse', 'safety', 'police');
    const file = async (over: Record<string, unknown>) => {
      const res = await web.t
        .http()
        .post('/api/v1/incidents')
        .set(bearer(nurse))
        .send(report(over));
      expect(res.status).toBe(201);
      return res.body as { id: string; reference: string; alerts: Array<{ id: string }> };
    };
    const filed = await file({
      occurredAt: hoursAgo(3),
      victims: [
        { role: 'nurse', injury: 'moderate', fullName: 'Aigerim Workspace' },
        { role: 'orderly', injury: 'none' },
      ],
    });
    incident = filed;
    other = await file({ occurredAt: hoursAgo(4), unitId: undefined, kind: 'verbal_threat' });
    expect(
      (await web.t.http().post(`/api/v1/alerts/${filed.alerts[0].id}/ack`).set(bearer(police)))
        .status,
    ).toBe(200);
    const upload = async (fields: Record<string, string>) => {
      const res = await uploadFootage(web.t, safety, CLIP, 'admission.mp4', fields);
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    footageId = await upload({ incidentId: filed.id });
    policeHeld = await upload({ incidentId: filed.id });
    const held = await web.t
      .http()
      .put(`/api/v1/footage/${policeHeld}/legal-hold`)
      .set(bearer(police))
      .send({ legalHold: true, reason: 'Investigator request' });
    expect(held.status).toBe(200);
    // The recorder's file of the same hour, not yet linked: suggested.
    await upload({ deviceId: RECORDER, recordedFrom: hoursAgo(3.5), recordedTo: hoursAgo(2.5) });
    // A hold set by police is not the facility's to release.
    const release = await web.t
      .http()
      .put(`/api/v1/footage/${policeHeld}/legal-hold`)
      .set(bearer(safety))
      .send({ legalHold: false, reason: 'Not needed' });
    expect(release.status).toBe(403);
  });

  it('lets the safety officer filter, open a report and work on it', async () => {
    const { context, page } = await signedInContext(web.browser, web.base, SAFETY);
    try {
      // The safety officer's home is the workspace.
      expect(new URL(page.url()).pathname).toBe('/facility');
      await page.locator(`tr[data-incident="${incident.id}"]`).waitFor();
      await page.selectOption('#filter-unit', CENTRAL_ADMISSION);
      await page.click('#report-filters button[type=submit]');
      await page.locator(`tr[data-incident="${other.id}"]`).waitFor({ state: 'detached' });
      await page.locator(`tr[data-incident="${incident.id}"]`).waitFor();
      expect(new URL(page.url()).searchParams.get('unitId')).toBe(CENTRAL_ADMISSION);

      await page.click(`tr[data-incident="${incident.id}"] a`);
      await page.locator('#detail-title', { hasText: incident.reference }).waitFor();
      expect(new URL(page.url()).searchParams.get('incident')).toBe(incident.id);
      await expect(page.locator('#category').textContent()).resolves.toBe(
        'Attack on several medical workers',
      );
      await expect(page.locator('#reasons li').count()).resolves.toBeGreaterThan(0);
      const ack = await page.locator('#alerts-table td.acknowledged').first().textContent();
      expect(ack).toContain('Demo Officer');
      expect(ack).toMatch(/\d{2}:\d{2}/);

      // Linked footage plays in the page.
      await page.click(`#footage-list li[data-footage="${footageId}"] button.play`);
      const duration = await page
        .locator('#footage-video')
        .evaluate(
          (v: Playing) =>
            new Promise<number>((done) =>
              v.readyState >= 1
                ? done(v.duration)
                : v.addEventListener('loadedmetadata', () => done(v.duration)),
            ),
        );
      expect(duration).toBeGreaterThan(0);
      // The police hold cannot be released here; the facility's own can.
      const held = page.locator(`#footage-list li[data-footage="${policeHeld}"]`);
      await expect(held.locator('button.release').count()).resolves.toBe(0);
      await expect(held.textContent()).resolves.toContain('Only the police or an administrator');
      await page.fill(`#hold-reason-${footageId}`, 'Kept for the staff disciplinary review');
      await page.click(`#footage-list li[data-footage="${footageId}"] button.hold`);
      await page.locator(`#footage-list li[data-footage="${footageId}"] button.release`).waitFor();
      const footage = await web.t
        .http()
        .get(`/api/v1/footage/${footageId}`)
        .set(bearer(await web.t.login(SAFETY)));
      expect(footage.body).toMatchObject({ legalHold: true, legalHoldBy: 'facility_admin' });
      // A suggested recording is linked with one button.
      await page.click('#suggested-list button.link-footage');
      await page.locator('#footage-list li').nth(2).waitFor();
      // The admission recorder was asked for the report's window when it was filed; more by hand.
      await page
        .locator('#request-list li[data-status="open"]', { hasText: 'Asked, no answer yet' })
        .waitFor();
      await page.click('#request-form button[type=submit]');
      await page.locator('#request-list li', { hasText: 'asked by hand' }).waitFor();

      await page.fill('#addendum-text', 'The relative returned the next morning and apologised.');
      await page.click('#addendum-form button[type=submit]');
      await page.locator('#addenda-list li', { hasText: 'apologised' }).waitFor();

      // Victim support: counselling offered with a due date already passed, care completed.
      const yesterday = new Date(Date.now() + 5 * 3600_000 - 2 * 86400_000)
        .toISOString()
        .slice(0, 10);
      await page.selectOption('#support-0-counselling-state', 'offered');
      await page.fill('#support-0-counselling-due', yesterday);
      await page.fill('#support-0-counselling-note', 'Psychologist Dr. Browserova');
      await page.selectOption('#support-0-medical_care-state', 'completed');
      await page.selectOption('#support-1-return_to_work-state', 'accepted');
      await page.click('#support-save');
      await page.locator('#support-status', { hasText: 'Victim support saved' }).waitFor();
      await page
        .locator('[data-kind="counselling"][data-victim="0"] .overdue-flag', { hasText: 'Overdue' })
        .waitFor();
      await page.locator('#history-list li[data-type="support_updated"]').waitFor();
      const support = await web.t
        .http()
        .get(`/api/v1/incidents/${incident.id}/support`)
        .set(bearer(await web.t.login(SAFETY)));
      expect(support.body).toEqual([
        expect.objectContaining({
          victimIndex: 0,
          kind: 'medical_care',
          state: 'completed',
          overdue: false,
        }),
        expect.objectContaining({
          victimIndex: 0,
          kind: 'counselling',
          state: 'offered',
          note: 'Psychologist Dr. Browserova',
          overdue: true,
        }),
        expect.objectContaining({ victimIndex: 1, kind: 'return_to_work', state: 'accepted' }),
      ]);

      // Reload keeps the open report; back returns to the list.
      await page.reload();
      await page.locator('#detail-title', { hasText: incident.reference }).waitFor();
      await expect(page.locator('#support-0-counselling-note').inputValue()).resolves.toBe(
        'Psychologist Dr. Browserova',
      );
      await page.goBack();
      await page.locator('#report-detail').waitFor({ state: 'hidden' });
      await expect(page.locator('#report-list').isVisible()).resolves.toBe(true);
    } finally {
      await context.close();
    }
  });

  it('lets the safety officer join a suggested report of the same attack and see the category change', async () => {
    const admin = await web.t.login('admin@demo.medguard.kz');
    const email = `doctor-${Date.now()}@example.kz`;
    const made = await web.t.http().post('/api/v1/users').set(bearer(admin)).send({
      email,
      fullName: 'Daniyar Omarov',
      role: 'staff',
      facilityId: CENTRAL,
      password: 'Doctor-pass-2026!',
    });
    expect(made.status).toBe(201);
    const [nurse, doctor] = [
      await web.t.login('nurse@demo.medguard.kz'),
      await web.t.login(email, 'Doctor-pass-2026!'),
    ];
    const file = async (token: string, over: Record<string, unknown>) => {
      const res = await web.t
        .http()
        .post('/api/v1/incidents')
        .set(bearer(token))
        .send(report(over));
      expect(res.status).toBe(201);
      return res.body as { id: string; reference: string };
    };
    const mine = await file(nurse, { occurredAt: hoursAgo(9) });
    const theirs = await file(doctor, {
      occurredAt: hoursAgo(8.9),
      victims: [{ role: 'doctor', injury: 'minor', fullName: 'Daniyar Omarov' }],
    });
    const { context, page } = await signedInContext(web.browser, web.base, SAFETY);
    try {
      await page.goto(`${web.base}/facility?incident=${mine.id}`);
      await page.locator('#detail-title', { hasText: mine.reference }).waitFor();
      await expect(page.locator('#category').textContent()).resolves.toBe('Assault');
      const suggestion = page.locator(`#related-list li[data-incident="${theirs.id}"]`);
      await expect(suggestion.textContent()).resolves.toContain('same facility');
      await expect(suggestion.textContent()).resolves.toContain('6 min apart');
      await page.fill('#event-reason', 'The same relative, the same night');
      await suggestion.locator('button.join-event').click();
      await page.locator('#category', { hasText: 'Attack on several medical workers' }).waitFor();
      await expect(page.locator('#event-workers').textContent()).resolves.toBe(
        'Distinct medical workers harmed: 2',
      );
      await expect(page.locator('#event-reports li').count()).resolves.toBe(2);
      await page.locator('#history-list li[data-type="event_joined"]').waitFor();
      await expect(page.locator('#reasons').textContent()).resolves.toContain(theirs.reference);
      const other = await web.t.http().get(`/api/v1/incidents/${theirs.id}`).set(bearer(admin));
      expect(other.body.classification.category).toBe('assault_multiple');
    } finally {
      await context.close();
    }
  });

  it('lets an admin pick the facility to work on', async () => {
    const { context, page } = await signedInContext(
      web.browser,
      web.base,
      'admin@demo.medguard.kz',
    );
    try {
      await page.goto(`${web.base}/facility`);
      await expect(page.locator('#report-list').count()).resolves.toBe(0);
      await page.selectOption('#facility-choice', CENTRAL);
      await Promise.all([page.waitForURL(/facilityId=/), page.click('#facility-picker button')]);
      await page.locator(`tr[data-incident="${incident.id}"]`).waitFor();
      await page.click(`tr[data-incident="${incident.id}"] a`);
      await page.locator('#detail-title', { hasText: incident.reference }).waitFor();
      // An admin may release any hold.
      await page.locator(`#footage-list li[data-footage="${policeHeld}"] button.release`).waitFor();
    } finally {
      await context.close();
    }
  });

  it('works with the keyboard and at 360 px, and passes axe in every language', async () => {
    for (const lang of ['kk', 'ru', 'en'] as Lang[]) {
      const { context, page } = await signedInContext(web.browser, web.base, SAFETY, lang, 360);
      try {
        await page.goto(`${web.base}/facility`, { waitUntil: 'networkidle' });
        await page.locator(`tr[data-incident="${incident.id}"]`).waitFor();
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
        await expectNoSeriousViolations(page, `/facility ${lang}`);
        const wide = () =>
          page.evaluate('document.documentElement.scrollWidth > window.innerWidth');
        await expect(wide()).resolves.toBe(false);
        await screenshots(page, 'facility', lang);
        await page.setViewportSize({ width: 360, height: 900 });
        // The report opens from the keyboard.
        await page.focus(`tr[data-incident="${incident.id}"] a`);
        await page.keyboard.press('Enter');
        await page.locator('#detail-title', { hasText: incident.reference }).waitFor();
        await expect(page.evaluate('document.activeElement.id')).resolves.toBe('detail-title');
        await page.locator('#support-save').waitFor();
        await expectNoSeriousViolations(page, `/facility report ${lang}`);
        await expect(wide()).resolves.toBe(false);
        await screenshots(page, 'facility-report', lang);
      } finally {
        await context.close();
      }
    }
  });

  it('sends the safety officer to the workspace after signing in, and keeps the report form a tab away', async () => {
    const context = await web.browser.newContext();
    const page = await context.newPage();
    try {
      await signInOn(page, web.base, SAFETY);
      expect(new URL(page.url()).pathname).toBe('/facility');
      await Promise.all([
        page.waitForURL(/\/report$/),
        page.click('.workspaces a[href="/report"]'),
      ]);
    } finally {
      await context.close();
    }
  });
});
