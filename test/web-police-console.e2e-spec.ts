import { INestApplicationContext } from '@nestjs/common';
import { inflateSync } from 'node:zlib';
import { Browser, BrowserContext, chromium, Page, Worker } from 'playwright-core';
import { AlertSweeper } from '../src/alerts/alert-sweeper.service';
import { DEMO_IDS } from '../seeds/demo';
import { CHROMIUM, launchChromium } from './support/browser';
import { eventually, startAlertStack } from './support/alert-stack';
import { fileIncident } from './support/incidents';
import { bearer, listenOnLoopback, TestApp } from './support/test-app';
import { shiftClock } from './support/test-clock';
import { Lang, signedInContext } from './support/web-test';

jest.setTimeout(120_000);
const MINUTE = 60_000;

/** Width and height from a PNG's IHDR, after checking it is a whole PNG whose pixels inflate. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  expect(bytes.toString('latin1', 12, 16)).toBe('IHDR');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const channels = { 2: 3, 6: 4 }[bytes[25]] ?? 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  expect(bytes.toString('latin1', bytes.length - 8, bytes.length - 4)).toBe('IEND');
  expect(inflateSync(Buffer.concat(idat)).length).toBe(height * (1 + width * channels));
  return { width, height };
}

describe('the installable police console', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let close: () => Promise<void>;
  let base: string;
  let browser: Browser;
  let police: string;
  let restore: () => void = () => undefined;

  beforeAll(async () => {
    ({ api: t, worker, close } = await startAlertStack());
    base = await listenOnLoopback(t);
    browser = await launchChromium();
    police = await t.login('police@demo.medguard.kz');
  });
  afterEach(() => restore());
  afterAll(async () => {
    await browser?.close();
    await close();
  });

  const signedIn = (lang: Lang = 'en') =>
    signedInContext(browser, base, 'police@demo.medguard.kz', lang);
  const alarm = async (page: Page) =>
    (await page.evaluate(
      '({ on: document.body.dataset.alarm, count: Number(document.body.dataset.alarmCount ?? 0) })',
    )) as { on: string; count: number };
  /** Waits until the page's service worker controls it, and answers that worker. */
  async function controlled(context: BrowserContext, page: Page): Promise<Worker> {
    // The page's CSP forbids eval, so conditions are polled with CDP evaluations.
    const control = await eventually(
      async () => page.evaluate('navigator.serviceWorker.controller !== null'),
      (yes) => yes === true,
      20_000,
    );
    expect(control).toBe(true);
    return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  }

  it('serves a manifest an installing browser accepts, with real PNG icons of their stated size', async () => {
    const res = await t.http().get('/manifest.webmanifest');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/manifest\+json/);
    const manifest = JSON.parse(res.text);
    expect(manifest).toMatchObject({
      name: expect.stringContaining('MedGuard'),
      short_name: 'MedGuard',
      start_url: '/police',
      scope: '/',
      display: 'standalone',
      theme_color: '#0b5cab',
      background_color: '#f4f6f8',
    });
    expect(manifest.shortcuts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'SOS', url: '/report?sos=1' }),
        expect.objectContaining({ name: 'Police console', url: '/police' }),
      ]),
    );
    const icons = manifest.icons as Array<{ src: string; sizes: string; purpose?: string }>;
    expect(icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(icons.some((i) => i.purpose === 'maskable')).toBe(true);
    for (const icon of icons) {
      const png = await t.http().get(icon.src).buffer(true);
      expect({ src: icon.src, status: png.status, type: png.headers['content-type'] }).toEqual({
        src: icon.src,
        status: 200,
        type: 'image/png',
      });
      const { width, height } = pngSize(png.body as Buffer);
      expect(`${width}x${height}`).toBe(icon.sizes);
    }
    // Every page links it, with the colour of the bar and an icon for iOS home screens.
    const { context, page } = await signedIn();
    for (const path of ['/', '/police']) {
      await page.goto(`${base}${path}`);
      await expect(page.getAttribute('link[rel=manifest]', 'href')).resolves.toBe(
        '/manifest.webmanifest',
      );
      await expect(page.getAttribute('meta[name=theme-color]', 'content')).resolves.toBe('#0b5cab');
      const touch = (await page.getAttribute('link[rel=apple-touch-icon]', 'href'))!;
      expect((await t.http().get(touch)).status).toBe(200);
    }
    await context.close();
  });

  it('installs its service worker, and the console opens from cache offline saying it is reconnecting', async () => {
    const { context, page } = await signedIn();
    await page.goto(`${base}/police`);
    const sw = await controlled(context, page);
    expect(sw.url()).toBe(`${base}/sw.js`);
    const scope = await page.evaluate('navigator.serviceWorker.ready.then((r) => r.scope)');
    expect(scope).toBe(`${base}/`);
    await page.reload();
    await page.waitForSelector('#connection.live');
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('h1').textContent()).resolves.toBe('Police console');
    await page.locator('#connection', { hasText: 'Reconnecting' }).waitFor();
    // Personal data stays out of the cache: no API answer is kept.
    const cached = (await page.evaluate(
      `caches.keys().then((names) => Promise.all(names.map((n) => caches.open(n).then((c) => c.keys()))))
        .then((lists) => lists.flat().map((r) => new URL(r.url).pathname))`,
    )) as string[];
    expect(cached).toContain('/police');
    expect(cached.filter((p) => p.startsWith('/api/'))).toEqual([]);
    await context.setOffline(false);
    await context.close();
  });

  it('forgets the kept console and the session token when the officer signs out', async () => {
    const { context, page } = await signedIn();
    await page.goto(`${base}/police`);
    const sw = await controlled(context, page);
    await page.reload();
    await page.waitForSelector('#connection.live');
    const kept = async () =>
      (await page.evaluate(
        `caches.keys().then((names) => Promise.all(names.map((n) => caches.open(n).then((c) => c.keys()))))
          .then((lists) => lists.flat().map((r) => new URL(r.url).pathname))`,
      )) as string[];
    const token = () => sw.evaluate(`readDevice('session').then((s) => s?.csrf ?? null)`);
    await expect(kept()).resolves.toContain('/police');
    await expect(eventually(token, (v) => typeof v === 'string')).resolves.toEqual(
      expect.any(String),
    );
    await Promise.all([page.waitForURL(`${base}/`), page.click('#sign-out')]);
    await expect(eventually(kept, (paths) => !paths.includes('/police'))).resolves.not.toContain(
      '/police',
    );
    await expect(eventually(token, (v) => v === null)).resolves.toBeNull();
    await context.close();
  });

  it('repeats the alarm while any of several alerts waits, stops when the last is acknowledged elsewhere, and says who acknowledged', async () => {
    const { context, page } = await signedIn();
    await page.waitForSelector('#connection.live');
    expect((await alarm(page)).on).not.toBe('on');
    const filed = await Promise.all(
      [1, 2, 3].map((n) => fileIncident(t, { narrative: `Alarm test ${n}` })),
    );
    const items = filed.map((f) => page.locator('[data-alert]', { hasText: f.reference }));
    for (const item of items) await item.waitFor();
    const ringing = await eventually(
      () => alarm(page),
      (a) => a.count >= 1,
    );
    expect(ringing).toMatchObject({ on: 'on' });
    await expect(page.title()).resolves.toMatch(/\(3\)/);
    const alertIds = await Promise.all(
      filed.map(
        async (f) =>
          (await t.db.query(`SELECT id FROM alerts WHERE incident_id = $1`, [f.id]))[0]
            .id as string,
      ),
    );
    // Two acknowledged at once from another device: one still waits, so the alarm repeats.
    const acked = await Promise.all(
      alertIds
        .slice(0, 2)
        .map((id) => t.http().post(`/api/v1/alerts/${id}/ack`).set(bearer(police))),
    );
    expect(acked.map((r) => r.status)).toEqual([200, 200]);
    expect(acked[0].body).toMatchObject({ acknowledgedByName: 'Demo Officer' });
    await items[0].locator('.acknowledged-by', { hasText: 'Demo Officer' }).waitFor();
    await items[1].locator('.acknowledged-by', { hasText: 'Demo Officer' }).waitFor();
    const still = await alarm(page);
    const rang = await eventually(
      () => alarm(page),
      (a) => a.count > still.count,
    );
    expect(rang).toEqual({ on: 'on', count: still.count + 1 });
    await expect(page.title()).resolves.toMatch(/\(1\)/);
    // The last one from another tab of the console.
    const other = await context.newPage();
    await other.goto(`${base}/police`);
    await other
      .locator('[data-alert]', { hasText: filed[2].reference })
      .locator('button.ack')
      .click();
    await items[2].locator('.acknowledged-by', { hasText: 'Demo Officer' }).waitFor();
    const stopped = await eventually(
      () => alarm(page),
      (a) => a.on === 'off',
    );
    expect(stopped.on).toBe('off');
    // Longer than the alarm's period: no further tone.
    await new Promise((r) => setTimeout(r, 3200));
    expect((await alarm(page)).count).toBe(stopped.count);
    await expect(page.title()).resolves.not.toMatch(/\(\d+\)/);
    const listed = await t.http().get('/api/v1/alerts').set(bearer(police));
    expect(listed.body.items.find((a: { id: string }) => a.id === alertIds[2])).toMatchObject({
      acknowledgedBy: expect.any(String),
      acknowledgedByName: 'Demo Officer',
    });
    await context.close();
  });

  it('says plainly when the browser blocks sound, and its one button allows it', async () => {
    // A browser with its default autoplay policy: audio needs a gesture on every page load.
    const strict = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--mute-audio'],
    });
    try {
      const { context, page } = await signedInContext(strict, base, 'police@demo.medguard.kz');
      await page.goto(`${base}/police`);
      await page.click('#sound');
      const allowed = await eventually(
        async () => page.evaluate("localStorage.getItem('medguard.sound')"),
        (v) => v === 'on',
      );
      expect(allowed).toBe('on');
      // The next load of the console, in a tab the officer has not touched yet.
      const later = await context.newPage();
      await later.goto(`${base}/police`);
      await later.waitForSelector('#connection.live');
      await expect(later.locator('#sound').isHidden()).resolves.toBe(true);
      const notice = later.locator('#sound-blocked');
      await later
        .locator('#sound-blocked', { hasText: 'Sound is blocked by the browser' })
        .waitFor();
      await notice.locator('button', { hasText: 'Allow sound' }).click();
      await notice.waitFor({ state: 'hidden' });
      await context.close();
    } finally {
      await strict.close();
    }
  });

  it('shows reclassified and escalated alerts as such, and stops ringing for an alert gone to the desk', async () => {
    const { context, page } = await signedIn();
    await page.waitForSelector('#connection.live');
    const filed = await fileIncident(t, { narrative: 'Escalation test' });
    const item = page.locator('[data-alert]', { hasText: filed.reference });
    await item.waitFor();
    expect((await alarm(page)).on).toBe('on');
    const reclassified = await t
      .http()
      .post(`/api/v1/incidents/${filed.id}/reclassify`)
      .set(bearer(police))
      .send({ category: 'threat', reason: 'No blow was struck' });
    expect(reclassified.status).toBe(200);
    await item.locator('.badge.updated', { hasText: 'Reclassified' }).waitFor();
    await eventually(
      async () =>
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM outbox o JOIN alerts a ON a.id = o.alert_id
              WHERE a.incident_id = $1 AND o.relayed_at IS NULL`,
            [filed.id],
          )
        )[0].n as number,
      (n) => n === 0,
    );
    restore = shiftClock([t.app, worker], 16 * MINUTE);
    await worker.get(AlertSweeper).sweep();
    const [desk] = await t.db.query(`SELECT name FROM police_posts WHERE id = $1`, [
      DEMO_IDS.almatyDutyDesk,
    ]);
    await item.locator('.badge.escalated', { hasText: `Escalated to ${desk.name}` }).waitFor();
    // The desk has it now: the post's alarm for it stops, the row stays with its button.
    await expect(
      eventually(
        () => alarm(page),
        (a) => a.on === 'off',
      ),
    ).resolves.toMatchObject({
      on: 'off',
    });
    await expect(item.locator('button.ack').isVisible()).resolves.toBe(true);
    await context.close();
  });

  /** The notification payload the push sender delivers for a new alert (contract: Alert channels). */
  const pushOf = (alertId: string, reference: string) => ({
    type: 'incident.alert',
    alertId,
    reference,
    category: 'assault',
    priority: 2,
    facility: { name: 'Central City Clinical Hospital' },
    place: { kind: 'admission_department' },
    url: `/police?alert=${alertId}`,
  });

  it('shows a pushed alert as a notification in the officer’s language, and its Acknowledge action acknowledges', async () => {
    const { context, page } = await signedIn('ru');
    await context.grantPermissions(['notifications'], { origin: base });
    await page.goto(`${base}/police`);
    const sw = await controlled(context, page);
    const filed = await fileIncident(t, { narrative: 'Push test' });
    const [alert] = await t.db.query(`SELECT id FROM alerts WHERE incident_id = $1`, [filed.id]);
    const cdp = await context.newCDPSession(page);
    const registrationId = new Promise<string>((resolve) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((r) => r.scopeURL === `${base}/` && !r.isDeleted);
        if (ours) resolve(ours.registrationId);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: base,
      registrationId: await registrationId,
      data: JSON.stringify(pushOf(alert.id, filed.reference)),
    });
    const shown = async () =>
      (await sw.evaluate(
        `registration.getNotifications().then((ns) => ns.map((n) => ({ title: n.title, body: n.body,
          tag: n.tag, requireInteraction: n.requireInteraction, actions: n.actions.map((a) => a.title),
          url: n.data && n.data.url })))`,
      )) as Array<Record<string, unknown>>;
    const [notification] = await eventually(shown, (ns) => ns.length > 0);
    expect(notification).toEqual({
      title: `${filed.reference} · Нападение`,
      body: 'Central City Clinical Hospital · Приёмное отделение',
      tag: `alert:${alert.id}`,
      requireInteraction: true,
      actions: ['Принять', 'Открыть'],
      url: `/police?alert=${alert.id}`,
    });
    await sw.evaluate(
      `registration.getNotifications().then(([n]) => onNotificationClick(n, 'ack'))`,
    );
    const [row] = await t.db.query(`SELECT status, acknowledged_by FROM alerts WHERE id = $1`, [
      alert.id,
    ]);
    expect(row.status).toBe('acknowledged');
    const [after] = await shown();
    expect(after).toMatchObject({
      tag: `alert:${alert.id}`,
      body: expect.stringContaining('Принято'),
    });
    // An SOS, linked by the site's full address; and a link elsewhere is never followed.
    const push = (data: object) =>
      cdp.send('ServiceWorker.deliverPushMessage', {
        origin: base,
        registrationId: ours,
        data: JSON.stringify(data),
      });
    const ours = await registrationId;
    await push({
      ...pushOf('sos-1', 'SOS-2026-000001'),
      type: 'sos.alert',
      priority: 1,
      url: `${base}/police?alert=sos-1`,
    });
    await push({ ...pushOf('far-1', 'INC-2026-999999'), url: 'https://elsewhere.example/police' });
    const all = await eventually(shown, (ns) => ns.length >= 3);
    expect(all.find((n) => n.tag === 'alert:sos-1')).toMatchObject({
      title: 'SOS · SOS-2026-000001',
      url: '/police?alert=sos-1',
    });
    expect(all.find((n) => n.tag === 'alert:far-1')).toMatchObject({ url: '/police' });
    // A reporter's update: the status in words, and the report's own page.
    await push({
      type: 'incident.updated',
      incidentId: filed.id,
      reference: filed.reference,
      status: 'investigating',
      url: `/reports/${filed.id}`,
    });
    const updated = await eventually(shown, (ns) =>
      ns.some((n) => n.tag === `incident:${filed.id}`),
    );
    expect(updated.find((n) => n.tag === `incident:${filed.id}`)).toMatchObject({
      title: filed.reference,
      body: 'Сообщение обновлено: Проводится проверка',
      actions: [],
      url: `/reports/${filed.id}`,
    });
    // "Open" with the console open: that tab shows the alert's incident.
    await sw
      .evaluate(
        `registration.getNotifications({ tag: 'alert:${alert.id}' }).then(([n]) => onNotificationClick(n, 'open'))`,
      )
      .catch(() => undefined); // focusing a window needs the real click a test cannot make
    await page.locator('#detail:not([hidden])', { hasText: filed.reference }).waitFor();
    await context.close();
  });

  it('offers push only where the server has a key, and says plainly when the browser cannot subscribe', async () => {
    const { context, page } = await signedIn();
    await context.grantPermissions(['notifications'], { origin: base });
    await page.goto(`${base}/police`);
    await page.waitForSelector('#connection.live');
    // No VAPID key configured: the public key answers 404 and the console offers nothing.
    await expect(page.locator('#push').isHidden()).resolves.toBe(true);
    // A server with a key (the push sender's endpoint, answered here for the page).
    const { publicKey } = (await import('web-push')).generateVAPIDKeys();
    await page.route('**/api/v1/push/public-key', (route) =>
      route.fulfill({ status: 200, json: { publicKey } }),
    );
    await page.reload();
    const button = page.locator('#push-on', { hasText: 'Notify this device' });
    await button.waitFor();
    await button.click();
    // Chromium without a push service refuses the subscription: the page says so, and nothing
    // is sent to the server.
    await page.locator('#push-status', { hasText: 'could not be subscribed' }).waitFor();
    await expect(page.locator('#push-off').isHidden()).resolves.toBe(true);
    await context.close();
  });
});
