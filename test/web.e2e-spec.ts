import { INestApplicationContext } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { StatisticsRollups } from '../src/statistics/rollups.service';
import { launchChromium } from './support/browser';
import { eventually, startAlertStack } from './support/alert-stack';
import { fileIncident, hoursAgo, report } from './support/incidents';
import { DEMO_IDS } from '../seeds/demo';
import { uploadVerified } from './support/footage';
import { reportsWithNarratives } from './support/personal-data';
import { bearer, listenOnLoopback, TestApp } from './support/test-app';
import { Lang, signedInContext } from './support/web-test';
import { snapshot } from './support/screenshots';
import { Month } from '../src/statistics/months';
import { regionId } from '../seeds/reference';

const CLIP = readFileSync(join(__dirname, 'fixtures', 'clip.mp4'));

// Real browser work on a shared two-core machine: generous limits, each test still quick alone.
jest.setTimeout(120_000);

describe('web pages', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let close: () => Promise<void>;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    ({ api: t, worker, close } = await startAlertStack());
    base = await listenOnLoopback(t);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await close();
  });

  const signedIn = (email: string, lang: Lang = 'en', width = 1280) =>
    signedInContext(browser, base, email, lang, width);

  it('a staff user fills the form in Russian, attaches an MP4, sends, and sees the reference and category', async () => {
    const { context, page } = await signedIn('nurse@demo.medguard.kz', 'ru', 360);
    await page.evaluate('localStorage.clear()');
    await page.reload();
    await expect(page.locator('h1').textContent()).resolves.toBe('Сообщить об инциденте');
    await page.selectOption('#kind', 'physical_assault');
    await page.fill('#placeAddress', 'Приёмное отделение, кабинет 3');
    await page.fill('#narrative', 'Пациент ударил медсестру в приёмном отделении');
    await page.selectOption('#victim-role-0', 'nurse');
    await page.selectOption('#victim-injury-0', 'minor');
    await page.setInputFiles('#files', {
      name: 'body-cam.mp4',
      mimeType: 'video/mp4',
      buffer: CLIP,
    });
    await page.waitForSelector('#uploads li progress[value="1"]');
    // All bytes sent is not yet attached: the server's answer says so.
    await page.locator('#uploads li', { hasText: 'Прикреплено' }).waitFor();
    await page.waitForSelector('#classification:not([hidden])');
    await expect(page.locator('#classification h2').textContent()).resolves.toContain('Нападение');
    await snapshot(page, 'report-filled-ru-360.png');
    await page.click('#send');
    await page.waitForSelector('#done:not([hidden])');
    const reference = await page.locator('#reference').textContent();
    expect(reference).toMatch(/^INC-\d{4}-\d+$/);
    await expect(page.locator('#incident-category').textContent()).resolves.toBe('Нападение');
    await expect(page.locator('#incident-status').textContent()).resolves.toBe('Отправлено');
    const [incident] = await t.db.query(`SELECT id FROM incidents WHERE reference = $1`, [
      reference,
    ]);
    const links = await t.db.query(`SELECT 1 FROM incident_footage WHERE incident_id = $1`, [
      incident.id,
    ]);
    expect(links).toHaveLength(1);
    await page.waitForSelector(`#my-reports li:has-text("${reference}")`);
    await context.close();
  });

  it('keeps the draft through a lost connection and a reload, and files exactly one incident', async () => {
    const { context, page } = await signedIn('nurse@demo.medguard.kz', 'en', 360);
    await page.evaluate('localStorage.clear()');
    await page.reload();
    const narrative = `Threatened at the reception desk ${Date.now()}`;
    await page.selectOption('#kind', 'verbal_threat');
    await page.fill('#narrative', narrative);
    // 1: offline at the moment of sending.
    await context.setOffline(true);
    await page.click('#send');
    await page.locator('#form-status', { hasText: 'No connection' }).waitFor();
    await context.setOffline(false);
    // 2: the request reaches the server, but its answer is lost on the way back.
    let dropped = 0;
    await page.route('**/api/v1/incidents', async (route) => {
      if (route.request().method() !== 'POST' || dropped > 0) return route.fallback();
      dropped++;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.click('#send');
    await page.locator('#form-status', { hasText: 'No connection' }).waitFor();
    expect(dropped).toBe(1);
    // 3: the draft survives a reload; sending again files nothing new.
    await page.unroute('**/api/v1/incidents');
    await page.reload();
    await expect(page.locator('#narrative').inputValue()).resolves.toBe(narrative);
    await page.click('#send');
    await page.waitForSelector('#done:not([hidden])');
    const rows = (await reportsWithNarratives(t)).filter((r) => r.narrative === narrative);
    expect(rows).toHaveLength(1);
    await expect(page.locator('#reference').textContent()).resolves.toBe(rows[0].reference);
    await context.close();
  });

  it('shows a new alert on the open police console within 2 s, acknowledges it, and plays its footage', async () => {
    const { context, page } = await signedIn('police@demo.medguard.kz', 'en');
    await page.waitForSelector('#connection.live');
    const filed = await fileIncident(t, { narrative: 'Console test' });
    const started = Date.now();
    const row = page.locator(`[data-alert] :text("${filed.reference}")`);
    await row.waitFor({ timeout: 2000 });
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(page.locator('[data-alert].new').count()).resolves.toBeGreaterThan(0);
    await snapshot(page, 'police-new-alert-en-1280.png', false);

    const safety = await t.login('safety@demo.medguard.kz');
    await t
      .http()
      .post('/api/v1/footage')
      .set(bearer(safety))
      .field('incidentId', filed.id)
      .attach('file', CLIP, 'admission.mp4')
      .expect(201);
    const item = page.locator('[data-alert]', { hasText: filed.reference });
    await item.locator('button.ack').click();
    const status = await eventually(
      async () =>
        (await t.db.query(`SELECT status FROM incidents WHERE id = $1`, [filed.id]))[0].status,
      (s) => s === 'acknowledged',
    );
    expect(status).toBe('acknowledged');
    await item.locator('button', { hasText: 'Open' }).click();
    await page.waitForSelector('#detail:not([hidden]) button.play');
    // The safety officer uploaded it: the console says a person did, not a device.
    await expect(
      page.locator('#detail li', { hasText: 'admission.mp4' }).textContent(),
    ).resolves.toContain('Uploaded by a person');
    await page.click('#detail button.play');
    // The page's CSP forbids eval, so the video's state is read with a CDP evaluation.
    const readyState = await eventually(
      async () =>
        (await page.evaluate("document.querySelector('#player video')?.readyState ?? 0")) as number,
      (state) => state >= 2,
      10000,
    );
    expect(readyState).toBeGreaterThanOrEqual(2);

    // Status change and reclassification from the detail, each recorded on the incident.
    await page.selectOption('#new-status', 'investigating');
    await page.click('#status-form button[type=submit]');
    await page.locator('#detail-status', { hasText: 'Under investigation' }).waitFor();
    await page.selectOption('#new-category', 'threat');
    await page.click('#reclassify-form button[type=submit]');
    await page.locator('#reclassify-error', { hasText: 'Please fill this in' }).waitFor();
    await page.fill('#reason', 'No blow was struck, as the footage shows');
    await page.click('#reclassify-form button[type=submit]');
    const category = await eventually(
      async () =>
        (await t.db.query(`SELECT category FROM incidents WHERE id = $1`, [filed.id]))[0]
          .category as string,
      (c) => c === 'threat',
    );
    expect(category).toBe('threat');
    await context.close();
  });

  it('shows the police on the console when reports are joined into one attack, and lets them take one out', async () => {
    const admin = await t.login('admin@demo.medguard.kz');
    const email = `doctor-${Date.now()}@example.kz`;
    const made = await t.http().post('/api/v1/users').set(bearer(admin)).send({
      email,
      fullName: 'Daniyar Omarov',
      role: 'staff',
      facilityId: DEMO_IDS.centralHospital,
      password: 'Doctor-pass-2026!',
    });
    expect(made.status).toBe(201);
    const doctor = await t.login(email, 'Doctor-pass-2026!');
    const { context, page } = await signedIn('police@demo.medguard.kz', 'en');
    try {
      await page.waitForSelector('#connection.live');
      const mine = await fileIncident(t, {
        occurredAt: hoursAgo(20),
        narrative: 'Event console test',
      });
      const theirs = await t
        .http()
        .post('/api/v1/incidents')
        .set(bearer(doctor))
        .send(
          report({
            occurredAt: hoursAgo(19.9),
            victims: [{ role: 'doctor', injury: 'minor', fullName: 'Daniyar Omarov' }],
          }),
        );
      expect(theirs.status).toBe(201);
      const item = page.locator('[data-alert]', { hasText: mine.reference });
      await item.locator('button', { hasText: 'Open' }).click();
      await page.locator('#detail-category', { hasText: 'Assault' }).waitFor();
      await page.locator(`#related-list li[data-incident="${theirs.body.id}"]`).waitFor();

      // The safety officer joins them; the open detail follows without a reload.
      const safety = await t.login('safety@demo.medguard.kz');
      const joined = await t
        .http()
        .post(`/api/v1/incidents/${mine.id}/event`)
        .set(bearer(safety))
        .send({ incidentId: theirs.body.id });
      expect(joined.status).toBe(200);
      await page
        .locator('#detail-category', { hasText: 'Attack on several medical workers' })
        .waitFor();
      await expect(page.locator('#event-reports li').count()).resolves.toBe(2);

      await page.fill('#event-reason', 'Another night');
      await page.click('#event-leave');
      await page.locator('#detail-category', { hasText: /^Assault \(158-1\)$/ }).waitFor();
      const category = await eventually(
        async () =>
          (await t.db.query(`SELECT category FROM incidents WHERE id = $1`, [theirs.body.id]))[0]
            .category as string,
        (c) => c === 'assault',
      );
      expect(category).toBe('assault');
    } finally {
      await context.close();
    }
  });

  it('builds an evidence package from the police console, shares it once and revokes the link', async () => {
    const filed = await fileIncident(t, { narrative: 'Package test' });
    const safety = await t.login('safety@demo.medguard.kz');
    await uploadVerified(t, safety, CLIP, 'admission.mp4', { incidentId: filed.id });
    const { context, page } = await signedIn('police@demo.medguard.kz', 'kk');
    const item = page.locator('[data-alert]', { hasText: filed.reference });
    await item.locator('button', { hasText: 'Ашу' }).click();
    await page.waitForSelector('#evidence-package #package-form');
    await page.selectOption('#package-language', 'ru');
    await page.click('#package-form button[type=submit]');
    await page.waitForSelector('#evidence-package[data-package-status="ready"]', {
      timeout: 30_000,
    });
    const packageId = await page.getAttribute('#evidence-package', 'data-package');
    const pkg = (
      await t
        .http()
        .get(`/api/v1/evidence-packages/${packageId}`)
        .set(bearer(await t.login('police@demo.medguard.kz')))
    ).body;
    await expect(page.textContent('#package-sha256')).resolves.toBe(pkg.sha256);
    await expect(page.getAttribute('#package-download', 'href')).resolves.toBe(
      `/api/v1/evidence-packages/${packageId}/content`,
    );
    await page.fill('#package-hours', '24');
    await page.click('#package-share button[type=submit]');
    await page.waitForSelector('#package-link-box:not([hidden])');
    const url = (await page.textContent('#package-link'))!;
    const path = new URL(url).pathname;
    expect((await fetch(`${base}${path}`, { redirect: 'manual' })).status).toBe(302);
    await snapshot(page, 'police-evidence-package-kk-1280.png', false);
    await page.click('#package-revoke');
    await page.waitForSelector('#package-revoked');
    expect((await fetch(`${base}${path}`, { redirect: 'manual' })).status).toBe(410);
    await expect(page.locator('#package-link-box').isHidden()).resolves.toBe(true);
    await context.close();
  });

  it('shows the new incident in the ministry dashboard, its chart and its CSV', async () => {
    await fileIncident(t, { narrative: 'Dashboard test' });
    await worker.get(StatisticsRollups).fold();
    const ministry = await t.login('ministry@demo.medguard.kz');
    const month = Month.of(new Date()).toString();
    const json = (
      await t
        .http()
        .get(`/api/v1/stats/monthly?month=${month}&groupBy=region`)
        .set(bearer(ministry))
    ).body;
    expect(json.total).toBeGreaterThan(0);
    const { context, page } = await signedIn('ministry@demo.medguard.kz', 'en');
    // The dashboard opens on the last complete month; this incident is in the running one.
    await page.goto(`${base}/ministry?month=${month}`);
    await page.waitForSelector('#total');
    await expect(page.locator('#total').textContent()).resolves.toBe(String(json.total));
    const charted = (await page.evaluate(
      "Chart.getChart('bar-chart').data.datasets[0].data.reduce((a, b) => a + b, 0)",
    )) as number;
    expect(charted).toBe(json.total);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const totalRow = csv
      .trim()
      .split('\r\n')
      .map((line) => line.split(','))
      .find((cells) => cells[0] === 'total')!;
    expect(Number(totalRow[2])).toBe(json.total);
    // The alerts by region beside the acknowledgement chart: the same figures as the API's.
    const times = (
      await t
        .http()
        .get(`/api/v1/stats/response-times?month=${month}&lang=en`)
        .set(bearer(ministry))
    ).body;
    const almaty = times.rows.find((r: { key: string }) => r.key === regionId('KZ-75'));
    expect(almaty.alerts).toBeGreaterThan(0);
    const row = page.locator(`#alerts-table tbody tr[data-key="${almaty.key}"]`);
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 5)).toEqual(
      [
        almaty.alerts,
        almaty.acknowledgedInTime,
        almaty.acknowledgedLate,
        almaty.neverAcknowledged,
        almaty.escalated,
      ].map(String),
    );
    await expect(page.locator('#alerts-note').textContent()).resolves.toBe(times.note);
    await context.close();
  });
});
