import { Page } from 'playwright-core';
import { eventually } from './support/alert-stack';
import { fileIncident } from './support/incidents';
import { controlled, keptPaths, pngSize, pushOf } from './support/police-console';
import { Lang, signedInContext, webTestPerFile } from './support/web-test';

/** The console as an installed app: manifest, offline shell, and Web Push in the browser. */
describe('the installable police console', () => {
  // Push off on this server: the key case is answered for the page where a test needs it.
  const web = webTestPerFile({ VAPID_PUBLIC_KEY: '', VAPID_PRIVATE_KEY: '', VAPID_SUBJECT: '' });
  const signedIn = (lang: Lang = 'en') =>
    signedInContext(web.browser, web.base, 'police@demo.medguard.kz', lang);

  it('serves a manifest an installing browser accepts, with real PNG icons of their stated size', async () => {
    const res = await web.t.http().get('/manifest.webmanifest');
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
      const png = await web.t.http().get(icon.src).buffer(true);
      expect({ src: icon.src, status: png.status, type: png.headers['content-type'] }).toEqual({
        src: icon.src,
        status: 200,
        type: 'image/png',
      });
      const { width, height } = pngSize(png.body as Buffer);
      expect(`${width}x${height}`).toBe(icon.sizes);
    }
    // Every page links it, with the colour of the bar and an icon for iOS home screens.
    const anonymous = await web.browser.newContext();
    const { context, page: police } = await signedIn();
    // The sign-in page, the console, and a page this user may not see (its refusal is a page too).
    const visits: Array<[Page, string]> = [
      [await anonymous.newPage(), '/'],
      [police, '/police'],
      [police, '/ministry'],
    ];
    for (const [page, path] of visits) {
      await page.goto(`${web.base}${path}`);
      expect(new URL(page.url()).pathname).toBe(path);
      await expect(page.getAttribute('link[rel=manifest]', 'href')).resolves.toBe(
        '/manifest.webmanifest',
      );
      await expect(page.getAttribute('meta[name=theme-color]', 'content')).resolves.toBe('#0b5cab');
      const touch = (await page.getAttribute('link[rel=apple-touch-icon]', 'href'))!;
      expect((await web.t.http().get(touch)).status).toBe(200);
    }
    await Promise.all([context.close(), anonymous.close()]);
  });

  it('installs its service worker, and the console opens from cache offline saying it is reconnecting', async () => {
    const { context, page } = await signedIn();
    await page.goto(`${web.base}/police`);
    const sw = await controlled(context, page);
    expect(sw.url()).toBe(`${web.base}/sw.js`);
    const scope = await page.evaluate('navigator.serviceWorker.ready.then((r) => r.scope)');
    expect(scope).toBe(`${web.base}/`);
    await page.reload();
    await page.waitForSelector('#connection.live');
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('h1').textContent()).resolves.toBe('Police console');
    await page.locator('#connection', { hasText: 'Reconnecting' }).waitFor();
    // Personal data stays out of the cache: no API answer is kept.
    const cached = await keptPaths(page);
    expect(cached).toContain('/police');
    expect(cached.filter((p) => p.startsWith('/api/'))).toEqual([]);
    await context.setOffline(false);
    await context.close();
  });

  it('forgets the kept console and the session token when the officer signs out', async () => {
    const { context, page } = await signedIn();
    await page.goto(`${web.base}/police`);
    const sw = await controlled(context, page);
    await page.reload();
    await page.waitForSelector('#connection.live');
    const kept = () => keptPaths(page);
    const token = () => sw.evaluate(`readDevice('session').then((s) => s?.csrf ?? null)`);
    await expect(kept()).resolves.toContain('/police');
    await expect(eventually(token, (v) => typeof v === 'string')).resolves.toEqual(
      expect.any(String),
    );
    await Promise.all([page.waitForURL(`${web.base}/`), page.click('#sign-out')]);
    await expect(eventually(kept, (paths) => !paths.includes('/police'))).resolves.not.toContain(
      '/police',
    );
    await expect(eventually(token, (v) => v === null)).resolves.toBeNull();
    await context.close();
  });

  it('shows a pushed alert as a notification in the officer’s language, and its Acknowledge action acknowledges', async () => {
    const { context, page } = await signedIn('ru');
    await context.grantPermissions(['notifications'], { origin: web.base });
    await page.goto(`${web.base}/police`);
    const sw = await controlled(context, page);
    const filed = await fileIncident(web.t, { narrative: 'Push test' });
    const [alert] = await web.t.db.query(`SELECT id FROM alerts WHERE incident_id = $1`, [
      filed.id,
    ]);
    const cdp = await context.newCDPSession(page);
    const registrationId = new Promise<string>((resolve) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((r) => r.scopeURL === `${web.base}/` && !r.isDeleted);
        if (ours) resolve(ours.registrationId);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    const deliver = async () =>
      cdp.send('ServiceWorker.deliverPushMessage', {
        origin: web.base,
        registrationId: await registrationId,
        data: JSON.stringify(pushOf(alert.id, filed.reference)),
      });
    const shown = async () =>
      (await sw.evaluate(
        `registration.getNotifications().then((ns) => ns.map((n) => ({ title: n.title, body: n.body,
          tag: n.tag, requireInteraction: n.requireInteraction, actions: n.actions.map((a) => a.title),
          url: n.data && n.data.url })))`,
      )) as Array<Record<string, unknown>>;
    // DevTools may drop a delivery to a worker it is still waking on a busy machine; a push
    // service would send it again, and the notification's tag makes a repeat replace, not stack.
    let notifications: Array<Record<string, unknown>> = [];
    for (let attempt = 0; attempt < 3 && notifications.length === 0; attempt++) {
      await deliver();
      notifications = await eventually(shown, (ns) => ns.length > 0, 8000);
    }
    expect(notifications).toHaveLength(1);
    const [notification] = notifications;
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
    const [row] = await web.t.db.query(`SELECT status, acknowledged_by FROM alerts WHERE id = $1`, [
      alert.id,
    ]);
    expect(row.status).toBe('acknowledged');
    const [after] = await shown();
    expect(after).toMatchObject({
      tag: `alert:${alert.id}`,
      body: expect.stringContaining('Принято'),
    });
    // An SOS, linked by the site's full address; and a link elsewhere is never followed.
    const ours = await registrationId;
    /** Pushes until the notification with this tag shows (a dropped delivery is sent again). */
    const push = async (data: object, tag: string) => {
      for (let attempt = 0; attempt < 3; attempt++) {
        await cdp.send('ServiceWorker.deliverPushMessage', {
          origin: web.base,
          registrationId: ours,
          data: JSON.stringify(data),
        });
        const ns = await eventually(shown, (list) => list.some((n) => n.tag === tag), 8000);
        if (ns.some((n) => n.tag === tag)) return;
      }
    };
    await push(
      {
        ...pushOf('sos-1', 'SOS-2026-000001'),
        type: 'sos.alert',
        priority: 1,
        url: `${web.base}/police?alert=sos-1`,
      },
      'alert:sos-1',
    );
    await push(
      { ...pushOf('far-1', 'INC-2026-999999'), url: 'https://elsewhere.example/police' },
      'alert:far-1',
    );
    // A path starting with two slashes is another host to the browser, however it is written.
    await push(
      { ...pushOf('far-2', 'INC-2026-999998'), url: `${web.base}//elsewhere.example/x` },
      'alert:far-2',
    );
    await push(
      { ...pushOf('far-3', 'INC-2026-999997'), url: '//elsewhere.example/x' },
      'alert:far-3',
    );
    const all = await eventually(shown, (ns) => ns.length >= 5);
    expect(all.find((n) => n.tag === 'alert:sos-1')).toMatchObject({
      title: 'SOS · SOS-2026-000001',
      url: '/police?alert=sos-1',
    });
    for (const tag of ['alert:far-1', 'alert:far-2', 'alert:far-3'])
      expect(all.find((n) => n.tag === tag)).toMatchObject({ url: '/police' });
    // A reporter's update: the status in words, and the report's own page.
    await push(
      {
        type: 'incident.updated',
        incidentId: filed.id,
        reference: filed.reference,
        status: 'investigating',
        url: `/reports/${filed.id}`,
      },
      `incident:${filed.id}`,
    );
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
    await context.grantPermissions(['notifications'], { origin: web.base });
    await page.goto(`${web.base}/police`);
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
