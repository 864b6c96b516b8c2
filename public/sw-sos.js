// The SOS queue of the service worker (loaded by /sw.js with importScripts). An SOS the network
// did not carry is handed over by the page (a `sos.queue` message), kept in IndexedDB with its
// Idempotency-Key and sent again — on Background Sync, whenever the worker wakes (it starts, or a
// page says it is online again with `sos.retry`) and on a backoff timer while it is awake — until
// the server answers; the server creates it once whatever the number of tries. Every page of the
// site hears when a queued SOS got through. It intercepts no requests: pages fetch as usual.
/* global labels -- sw.js, which loads this file, defines it: the labels the pages handed over. */
(() => {
  const PATH = '/api/v1/sos';
  const DB = 'medguard-sos';
  const STORE = 'queue';
  const TAG = 'sos';
  /** Answers that mean "not now": the entry stays queued. */
  const RETRY = new Set([408, 409, 425, 429, 500, 502, 503, 504]);
  /**
   * How long after the tap a queued SOS is still sent (the page keeps the same bound): later, the
   * police would be told "help needed now" about a moment that is over, so the person is told to
   * call instead.
   */
  const MAX_AGE_MS = 30 * 60_000;

  function open() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  async function store(mode, act) {
    const db = await open();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const req = act(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(req?.result);
        tx.onerror = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }
  const put = (entry) => store('readwrite', (s) => s.put(entry));
  const all = () => store('readonly', (s) => s.getAll());
  const remove = (key) => store('readwrite', (s) => s.delete(key));

  async function tell(message) {
    const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const page of pages) page.postMessage(message);
  }

  /**
   * An SOS that will not be sent (too old, or refused: the session ended, say): every open page
   * hears of it, and a notification tells the person even when no page is open.
   */
  async function giveUp(entry, status, error) {
    await tell({ type: 'sos.failed', key: entry.key, status, error });
    // The labels the pages handed the worker (sw.js), in the user's language.
    const label = typeof labels === 'function' ? await labels() : (_key, fallback) => fallback;
    await self.registration
      .showNotification(label('web.sos.failed', 'The SOS could not be sent. Call 102.'), {
        tag: `sos-failed:${entry.key}`,
        requireInteraction: true,
        data: { type: 'sos.failed', url: '/report' },
      })
      .catch(() => undefined);
  }

  let flushing = null;
  /** Sends every queued SOS once; resolves to how many are still queued. */
  function flush() {
    flushing ??= (async () => {
      let left = 0;
      for (const entry of await all()) {
        if (Date.now() - (entry.tappedAt ?? entry.queuedAt) > MAX_AGE_MS) {
          await remove(entry.key);
          await giveUp(entry, 'expired', null);
          continue;
        }
        let res;
        try {
          res = await fetch(PATH, {
            method: 'POST',
            headers: entry.headers,
            body: JSON.stringify(entry.body),
            credentials: 'same-origin',
          });
        } catch {
          left++;
          continue;
        }
        if (RETRY.has(res.status)) {
          left++;
          continue;
        }
        await remove(entry.key);
        const answer = await res.json().catch(() => null);
        if (res.ok) await tell({ type: 'sos.sent', key: entry.key, sos: answer });
        else await giveUp(entry, res.status, answer);
      }
      return left;
    })().finally(() => {
      flushing = null;
    });
    return flushing;
  }

  let timer = null;
  let delay = 2000;
  /** While the worker is awake, tries again with a growing pause until the queue is empty. */
  function later() {
    if (timer) return;
    timer = setTimeout(async () => {
      timer = null;
      const left = await flush().catch(() => 1);
      if (left > 0) {
        delay = Math.min(delay * 2, 60_000);
        later();
      } else delay = 2000;
    }, delay);
  }

  async function enqueue(entry) {
    await put({ ...entry, queuedAt: Date.now(), tappedAt: entry.tappedAt ?? Date.now() });
    await self.registration.sync?.register(TAG).catch(() => undefined);
    const left = await flush();
    if (left > 0) later();
    return left;
  }

  self.addEventListener('message', (event) => {
    const m = event.data;
    if (m?.type === 'sos.queue') event.waitUntil(enqueue(m.entry));
    else if (m?.type === 'sos.retry')
      event.waitUntil(
        flush().then((left) => {
          if (left > 0) later();
        }),
      );
  });

  self.addEventListener('sync', (event) => {
    if (event.tag !== TAG) return;
    // Rejecting asks the browser to fire the sync again later.
    event.waitUntil(
      flush().then((left) => {
        if (left > 0) throw new Error('SOS still queued');
      }),
    );
  });

  self.addEventListener('activate', (event) => event.waitUntil(flush().catch(() => undefined)));
})();
