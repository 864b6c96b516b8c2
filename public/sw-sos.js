// The SOS queue of the service worker (loaded by /sw.js with importScripts). An SOS the network
// did not carry is kept in IndexedDB with its Idempotency-Key and sent again — on Background Sync,
// whenever the worker wakes (a page loads, a page says it is online again) and on a backoff timer
// while it is awake — until the server answers; the server creates it once whatever the number
// of tries. Every page of the site hears when a queued SOS got through.
(() => {
  const PATH = '/api/v1/sos';
  const DB = 'medguard-sos';
  const STORE = 'queue';
  const TAG = 'sos';
  /** Answers that mean "not now": the entry stays queued. */
  const RETRY = new Set([408, 409, 425, 429, 500, 502, 503, 504]);
  const KEPT_HEADERS = ['accept', 'content-type', 'idempotency-key', 'x-csrf-token'];

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

  let flushing = null;
  /** Sends every queued SOS once; resolves to how many are still queued. */
  function flush() {
    flushing ??= (async () => {
      let left = 0;
      for (const entry of await all()) {
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
        await tell(
          res.ok
            ? { type: 'sos.sent', key: entry.key, sos: answer }
            : { type: 'sos.failed', key: entry.key, status: res.status, error: answer },
        );
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
    await put({ ...entry, queuedAt: Date.now() });
    await self.registration.sync?.register(TAG).catch(() => undefined);
    const left = await flush();
    if (left > 0) later();
    return left;
  }

  /** An SOS request from a page: passed through, and queued when the network or server fails it. */
  async function through(request) {
    const key = request.headers.get('idempotency-key');
    const copy = request.clone();
    try {
      const res = await fetch(request);
      if (!key || !RETRY.has(res.status)) return res;
    } catch (error) {
      if (!key) throw error;
    }
    const headers = {};
    for (const name of KEPT_HEADERS) {
      const value = copy.headers.get(name);
      if (value) headers[name] = value;
    }
    await enqueue({ key, headers, body: await copy.json() });
    return new Response(JSON.stringify({ queued: true, key }), {
      status: 202,
      headers: { 'Content-Type': 'application/json', 'X-SOS-Queued': 'true' },
    });
  }

  self.addEventListener('fetch', (event) => {
    const url = new URL(event.request.url);
    if (url.origin !== self.location.origin) return;
    if (event.request.method === 'POST' && url.pathname === PATH) {
      event.respondWith(through(event.request));
      return;
    }
    // A page opening is a wake: anything still queued is tried again.
    if (event.request.mode === 'navigate') event.waitUntil(flush().catch(() => undefined));
  });

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
