/* The service worker of every page (scope /): the police console opens on a bad connection, and
   pushed alerts become notifications an officer can acknowledge from the lock screen. */
// The SOS queue (report page): a tap made offline is sent again until the server answers it.
importScripts('/sw-sos.js');

const VERSION = 'v1';
const SHELL = `medguard-shell-${VERSION}`;
const PAGES = `medguard-pages-${VERSION}`;
/** Scripts, styles and icons: the same for everyone. Modules added later are cached when fetched. */
const SHELL_FILES = [
  '/assets/app.css',
  '/assets/console.css',
  '/assets/sos.css',
  '/assets/common.js',
  '/assets/drafts.js',
  '/assets/sw-client.js',
  '/assets/police.js',
  '/assets/police-alarm.js',
  '/assets/police-detail.js',
  '/assets/police-footage.js',
  '/assets/police-packages.js',
  '/assets/police-push.js',
  '/assets/police-roster.js',
  '/assets/police-sos.js',
  '/assets/icons/icon-192.png',
  '/manifest.webmanifest',
];
/** Pages kept for an offline open: the last copy this browser's signed-in user was given. */
const OFFLINE_PAGES = ['/police'];
/** How long a navigation waits for the network before a kept copy is shown. */
const NAVIGATION_WAIT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(SHELL_FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  const current = [SHELL, PAGES];
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((n) => n.startsWith('medguard-') && !current.includes(n))
            .map((n) => caches.delete(n)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // API answers carry personal data and are never kept: they go to the network as they are.
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && OFFLINE_PAGES.includes(url.pathname))
    event.respondWith(networkFirst(request, PAGES, url.pathname, NAVIGATION_WAIT_MS));
  else if (url.pathname.startsWith('/assets/') || url.pathname === '/manifest.webmanifest')
    event.respondWith(networkFirst(request, SHELL, request));
});

/**
 * The network's answer, kept for next time; the kept copy when the network fails (or, for a
 * page, is slower than `waitMs`). A page that is no longer this user's (signed out, another
 * role) is dropped from the cache.
 */
function networkFirst(request, cacheName, key, waitMs) {
  const kept = () => caches.open(cacheName).then((cache) => cache.match(key));
  const network = fetch(request).then(async (response) => {
    const cache = await caches.open(cacheName);
    if (response.ok && !response.redirected && response.type === 'basic')
      await cache.put(key, response.clone());
    else if (cacheName === PAGES) await cache.delete(key);
    return response;
  });
  const fallback = async () => (await kept()) ?? Response.error();
  if (!waitMs) return network.catch(fallback);
  network.catch(() => undefined);
  const slow = new Promise((resolve) => setTimeout(resolve, waitMs)).then(
    async () => (await kept()) ?? network,
  );
  return Promise.race([network, slow]).catch(fallback);
}

/* What the pages hand over (public/sw-client.js), kept in IndexedDB: the session's CSRF token
   (worth nothing without the httpOnly session cookie, and no more than the page's own script
   can read) and the notification labels of the user's language. */
function deviceStore(mode, work) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('medguard-device', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('device');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('device', mode);
      const request = work(tx.objectStore('device'));
      tx.oncomplete = () => (db.close(), resolve(request.result));
      tx.onerror = () => (db.close(), reject(tx.error));
    };
  });
}
const readDevice = (key) => deviceStore('readonly', (s) => s.get(key)).catch(() => undefined);
const writeDevice = (key, value) => deviceStore('readwrite', (s) => s.put(value, key));
const forgetDevice = (key) => deviceStore('readwrite', (s) => s.delete(key));

self.addEventListener('message', (event) => {
  const message = event.data ?? {};
  if (message.type === 'session')
    event.waitUntil(
      Promise.all([
        writeDevice('session', { csrf: String(message.csrf ?? '') }),
        writeDevice('labels', { locale: message.locale, texts: message.labels ?? {} }),
      ]),
    );
  if (message.type === 'signed-out')
    event.waitUntil(Promise.all([forgetDevice('session'), caches.delete(PAGES)]));
});

/** A label in the language of the last signed-in page, else the fallback (English). */
async function labels() {
  const texts = (await readDevice('labels'))?.texts ?? {};
  return (key, fallback) => texts[key] ?? fallback;
}

/** A path of this site (given as a path or a full address); a payload cannot send anyone elsewhere. */
function ownPath(url, fallback = '/police') {
  if (typeof url !== 'string' || !url) return fallback;
  try {
    const parsed = new URL(url, self.location.origin);
    // "//host/…" is another host to a browser opening it, even as the path of this origin.
    if (parsed.origin === self.location.origin && !parsed.pathname.startsWith('//'))
      return parsed.pathname + parsed.search;
  } catch {
    /* not an address */
  }
  return fallback;
}

self.addEventListener('push', (event) => {
  let payload;
  try {
    payload = event.data?.json();
  } catch {
    return;
  }
  if (payload) event.waitUntil(showPush(payload));
});

async function showPush(p) {
  const label = await labels();
  const icon = '/assets/icons/icon-192.png';
  if (p.type === 'incident.updated') {
    return self.registration.showNotification(p.reference ?? '', {
      body: `${label('web.push.reportUpdated', 'Report updated')}: ${label(`status.${p.status}`, p.status ?? '')}`,
      tag: `incident:${p.incidentId}`,
      icon,
      data: { type: p.type, url: ownPath(p.url, '/') },
    });
  }
  const heading =
    p.type === 'sos.alert'
      ? `${label('web.push.sos', 'SOS')} · ${p.reference ?? ''}`
      : `${p.reference ?? ''} · ${label(`category.${p.category}`, p.category ?? '')}`;
  const body = [p.facility?.name, p.place?.kind && label(`placeKind.${p.place.kind}`, p.place.kind)]
    .filter(Boolean)
    .join(' · ');
  return self.registration.showNotification(heading, {
    body,
    tag: `alert:${p.alertId}`,
    renotify: true,
    requireInteraction: Number(p.priority) <= 2,
    vibrate: [400, 150, 400, 150, 800],
    icon,
    badge: icon,
    actions: [
      { action: 'ack', title: label('web.police.acknowledge', 'Acknowledge') },
      { action: 'open', title: label('web.police.open', 'Open') },
    ],
    data: { type: p.type, alertId: p.alertId, url: ownPath(p.url) },
  });
}

self.addEventListener('notificationclick', (event) => {
  event.waitUntil(onNotificationClick(event.notification, event.action));
});

/**
 * "Acknowledge" acknowledges with the browser's session and says so on the notification; when
 * it cannot (signed out, another user, no connection) the console opens instead. A click on the
 * notification or on "Open" shows the alert in an open console, or opens one.
 */
async function onNotificationClick(notification, action) {
  const data = notification.data ?? {};
  if (action === 'ack' && data.alertId && (await acknowledge(data.alertId))) {
    const label = await labels();
    return self.registration.showNotification(notification.title, {
      body: `${label('web.police.acknowledged', 'Acknowledged')} · ${notification.body}`,
      tag: notification.tag,
      icon: notification.icon,
      data,
    });
  }
  notification.close();
  return openConsole(data);
}

async function acknowledge(alertId) {
  const csrf = (await readDevice('session'))?.csrf;
  if (!csrf) return false;
  try {
    const response = await fetch(`/api/v1/alerts/${encodeURIComponent(alertId)}/ack`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRF-Token': csrf },
    });
    return response.ok;
  } catch {
    return false;
  }
}

async function openConsole(data) {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((w) => new URL(w.url).pathname === '/police');
  if (open) {
    open.postMessage({ type: 'open-alert', alertId: data.alertId });
    return open.focus();
  }
  return self.clients.openWindow(ownPath(data.url));
}
