import { BrowserContext, Page } from 'playwright-core';
import { DEMO_IDS } from '../seeds/demo';
import { eventually } from './support/alert-stack';
import { sosLocationOf } from './support/personal-data';
import { bearer } from './support/test-app';
import { signedInContext, webTestPerFile } from './support/web-test';

const NURSE = 'nurse@demo.medguard.kz';
const WHERE = { latitude: 43.2551, longitude: 76.9126, accuracy: 18 };

describe('the SOS button on the report page', () => {
  const web = webTestPerFile();

  const sosOf = async () =>
    (
      (await web.t.db.query(
        `SELECT id, reference, status, lat, lon, accuracy_m, location_source FROM sos
        WHERE reporter_id = (SELECT id FROM users WHERE email = $1) ORDER BY created_at`,
        [NURSE],
      )) as Array<{ lat: Buffer; lon: Buffer; accuracy_m: Buffer | null }>
    ).map((r) => ({ ...r, ...sosLocationOf(web.t, r) })) as Array<Record<string, unknown>>;

  /** The nurse's report page with the phone's location granted. */
  const reportPage = async (): Promise<{ context: BrowserContext; page: Page }> => {
    const { context, page } = await signedInContext(web.browser, web.base, NURSE, 'en', 390);
    await context.grantPermissions(['geolocation'], { origin: web.base });
    await context.setGeolocation(WHERE);
    await page.evaluate('localStorage.clear()');
    await page.reload();
    return { context, page };
  };

  /** Tap, then confirm with the second button, as a person under attack would. */
  const tapAndConfirm = async (page: Page) => {
    await page.click('#sos-open');
    await page.locator('#sos-confirm').waitFor();
    await expect(page.locator('#sos-open').getAttribute('aria-expanded')).resolves.toBe('true');
    await page.click('#sos-send');
  };

  it('sends one SOS with the phone’s location after a confirmation, says the police are alerted, and the report attaches to it', async () => {
    const { context, page } = await reportPage();
    // A second tap where the first landed only opens the confirmation: nothing is sent.
    await page.click('#sos-open');
    await page.click('#sos-open');
    await expect(page.locator('#sos-confirm').isVisible()).resolves.toBe(true);
    expect(await sosOf()).toEqual([]);
    await page.click('#sos-send');
    await page.locator('#sos-sent', { hasText: 'SOS sent — police alerted' }).waitFor();
    const [sent] = await sosOf();
    expect(sent).toMatchObject({
      status: 'open',
      lat: WHERE.latitude,
      lon: WHERE.longitude,
      accuracy_m: WHERE.accuracy,
      location_source: 'device',
    });
    await expect(page.locator('#sos-reference').textContent()).resolves.toBe(sent.reference);

    // The report written afterwards carries the SOS.
    await page.selectOption('#kind', 'physical_assault');
    await page.fill('#narrative', 'Struck at the reception desk after the SOS');
    await page.click('#send');
    await page.waitForSelector('#done:not([hidden])');
    const [attached] = await sosOf();
    expect(attached.status).toBe('attached');
    await context.close();
  });

  it('queues the SOS while offline, says so, and sends it exactly once when the connection returns', async () => {
    const { context, page } = await reportPage();
    // The service worker that holds the queue is running before the connection goes.
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    const before = (await sosOf()).length;
    await context.setOffline(true);
    await tapAndConfirm(page);
    await page.locator('#sos-queued', { hasText: 'queued' }).waitFor();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await sosOf()).toHaveLength(before);

    await context.setOffline(false);
    await page.locator('#sos-sent', { hasText: 'SOS sent — police alerted' }).waitFor({
      timeout: 60_000,
    });
    await new Promise((r) => setTimeout(r, 2000));
    const after = await sosOf();
    expect(after).toHaveLength(before + 1);
    await context.close();
  });

  it('tells the person to call instead of sending a queued SOS too old to be help now', async () => {
    const { context, page } = await reportPage();
    await context.grantPermissions(['notifications'], { origin: web.base });
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    const before = (await sosOf()).length;
    await context.setOffline(true);
    await tapAndConfirm(page);
    await page.locator('#sos-queued').waitFor();
    // Half an hour passes without a connection: the tap, as the worker and the page keep it, is old.
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const old = Date.now() - 31 * 60_000;
    await worker.evaluate(`new Promise((resolve, reject) => {
      const open = indexedDB.open('medguard-sos', 1);
      open.onsuccess = () => {
        const tx = open.result.transaction('queue', 'readwrite');
        const store = tx.objectStore('queue');
        store.getAll().onsuccess = (e) => e.target.result.forEach((entry) => store.put({ ...entry, tappedAt: ${old} }));
        tx.oncomplete = () => (open.result.close(), resolve(true));
        tx.onerror = () => reject(tx.error);
      };
    })`);
    await page.evaluate(`(() => {
      for (const key of Object.keys(localStorage).filter((k) => k.startsWith('medguard.sos.'))) {
        const entry = JSON.parse(localStorage.getItem(key));
        localStorage.setItem(key, JSON.stringify({ ...entry, tappedAt: ${old} }));
      }
    })()`);
    await context.setOffline(false);
    await page.locator('#sos-status.failed').waitFor({ timeout: 30_000 });
    await expect(page.locator('#sos-status').textContent()).resolves.toContain('Call 102');
    const notifications = await eventually(
      async () =>
        (await worker.evaluate(
          `registration.getNotifications().then((ns) => ns.map((n) => n.title))`,
        )) as string[],
      (titles) => titles.length > 0,
    );
    expect(notifications).toEqual(['The SOS could not be sent. Call 102.']);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await sosOf()).toHaveLength(before);
    await context.close();
  });

  it('opens the confirmation straight away from the home-screen shortcut, in Kazakh too', async () => {
    const { context, page } = await signedInContext(web.browser, web.base, NURSE, 'kk', 390);
    await page.goto(`${web.base}/report?sos=1`);
    await page.locator('#sos-confirm').waitFor();
    await expect(page.locator('#sos-send').textContent()).resolves.toBe('Иә, SOS жіберу');
    // Reached and pressed with the keyboard alone.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement?.id')).resolves.toBe('sos-send');
    await page.keyboard.press('Escape');
    await expect(page.locator('#sos-confirm').isHidden()).resolves.toBe(true);
    await context.close();
  });

  it('shows the SOS location and a map link on the police console', async () => {
    const safety = await web.t.login('safety@demo.medguard.kz');
    const sent = await web.t
      .http()
      .post('/api/v1/sos')
      .set(bearer(safety))
      .send({ facilityId: DEMO_IDS.centralHospital, lat: 43.2401, lon: 76.9012, accuracyM: 25 });
    expect(sent.status).toBe(201);
    const { context, page } = await signedInContext(
      web.browser,
      web.base,
      'police@demo.medguard.kz',
    );
    const card = page.locator(`[data-sos="${sent.body.id}"]`);
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('43.24010, 76.90120');
    await expect(card.textContent()).resolves.toContain('accurate to 25 m');
    await expect(card.locator('a.sos-map').getAttribute('href')).resolves.toBe(
      'https://www.openstreetmap.org/?mlat=43.2401&mlon=76.9012#map=17/43.2401/76.9012',
    );
    await eventually(
      async () => (await card.textContent()) ?? '',
      (text) => text.includes(sent.body.reference),
    );
    await context.close();
  });

  it('shows the facility admin the open SOS without a report, and closes one with a reason', async () => {
    const paramedic = await web.t.login('paramedic@demo.medguard.kz');
    const me = await web.t.http().get('/api/v1/auth/me').set(bearer(paramedic));
    const sent = await web.t
      .http()
      .post('/api/v1/sos')
      .set(bearer(paramedic))
      .send({ facilityId: me.body.facilityId, lat: 43.2201, lon: 76.8512, accuracyM: 30 });
    expect(sent.status).toBe(201);
    const admin = await signedInContext(web.browser, web.base, 'safety@demo.medguard.kz');
    expect(me.body.facilityId).not.toBe(DEMO_IDS.centralHospital);
    const nurse = await web.t.login(NURSE);
    const nurseSos = await web.t
      .http()
      .post('/api/v1/sos')
      .set(bearer(nurse))
      .send({ facilityId: DEMO_IDS.centralHospital, lat: 43.2402, lon: 76.9013 });
    expect([200, 201]).toContain(nurseSos.status);
    // The safety officer's home is the workspace; the report page is a tab away.
    await admin.page.goto(`${web.base}/report`);
    const row = admin.page.locator(`#open-sos [data-sos="${nurseSos.body.id}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(nurseSos.body.reference);
    // The nurse's SOS of an earlier test may still be open: a second tap answers that one.
    const { lat, lon } = nurseSos.body.location as { lat: number; lon: number };
    await expect(row.textContent()).resolves.toContain(`${lat.toFixed(5)}, ${lon.toFixed(5)}`);
    // Another facility's SOS is not the admin's to see.
    await expect(
      admin.page.locator(`#open-sos [data-sos="${sent.body.id}"]`).count(),
    ).resolves.toBe(0);
    await row.locator('input[name="reason"]').fill('Resolved on the spot; no report will follow');
    await row.locator('button.close-sos').click();
    await admin.page
      .locator(`#open-sos [data-sos="${nurseSos.body.id}"]`)
      .waitFor({ state: 'detached' });
    const [closed] = await web.t.db.query(`SELECT status, close_reason FROM sos WHERE id = $1`, [
      nurseSos.body.id,
    ]);
    expect(closed).toEqual({
      status: 'closed',
      close_reason: 'Resolved on the spot; no report will follow',
    });
    // The nurse's report page has no such list: it is the facility admin's.
    const staff = await signedInContext(web.browser, web.base, NURSE);
    await expect(staff.page.locator('#open-sos').count()).resolves.toBe(0);
    await Promise.all([admin.context.close(), staff.context.close()]);
  });
});
