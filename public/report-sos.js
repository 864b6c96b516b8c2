import { csrfToken, data, el, t } from './common.js';

// The SOS button of the report page. One tap opens the confirmation; its send button sits in
// another place, so tapping twice where the first tap landed sends nothing. The SOS goes out with
// the phone's location (or, when the phone cannot tell within a few seconds, the facility's, so
// the police still know where to go) and an Idempotency-Key kept on the device: when the network
// fails it, this page hands it to the service worker (/sw-sos.js), which queues it and sends it
// again until it is answered, and the server makes one SOS of every try. The report filed
// afterwards carries its id.
const openButton = document.getElementById('sos-open');
const confirmBox = document.getElementById('sos-confirm');
const prompt = document.getElementById('sos-confirm-prompt');
const sendButton = document.getElementById('sos-send');
const cancelButton = document.getElementById('sos-cancel');
const statusLine = document.getElementById('sos-status');
const STORAGE = `medguard.sos.${data.user.id}`;
const LOCATE_TIMEOUT_MS = 8000;
const PAGE_RETRY_MS = 5000;
const WORKER_WAIT_MS = 3000;
/**
 * How long a tap that found no connection is still sent: later, the police would be told "help
 * needed now" about a moment that is over, at a place the person has left, so the person is told
 * to call instead. The service worker (/sw-sos.js) keeps the same bound.
 */
const SOS_MAX_AGE_MS = 30 * 60_000;

/** The SOS of this account on this device: `{ key, body, sos?, queued? }`. */
function pending() {
  try {
    return JSON.parse(localStorage.getItem(STORAGE) ?? 'null');
  } catch {
    return null;
  }
}
function keep(value) {
  localStorage.setItem(STORAGE, JSON.stringify(value));
}

/** The id of the SOS the report being written attaches to, once the server has it. */
export function sosIdForReport() {
  return pending()?.sos?.id;
}

/** The report attached to the SOS: nothing more to carry. */
export function forgetSos() {
  localStorage.removeItem(STORAGE);
}

function say(text, kind) {
  statusLine.replaceChildren(...(Array.isArray(text) ? text : [text]));
  statusLine.className = `sos-status ${kind ?? ''}`;
}

function openConfirm() {
  confirmBox.hidden = false;
  openButton.setAttribute('aria-expanded', 'true');
  prompt.focus();
}
function closeConfirm() {
  confirmBox.hidden = true;
  openButton.setAttribute('aria-expanded', 'false');
}

function locate() {
  const facility = () => ({
    lat: data.facilityLocation?.lat,
    lon: data.facilityLocation?.lon,
    accuracyM: null,
    locationSource: 'facility',
  });
  return new Promise((resolve) => {
    if (!navigator.geolocation) return resolve(facility());
    navigator.geolocation.getCurrentPosition(
      (p) =>
        resolve({
          lat: p.coords.latitude,
          lon: p.coords.longitude,
          accuracyM: Math.round(p.coords.accuracy),
          locationSource: 'device',
        }),
      () => resolve(facility()),
      { enableHighAccuracy: true, timeout: LOCATE_TIMEOUT_MS, maximumAge: 60_000 },
    );
  });
}

function showSent(entry) {
  const lines = [
    el('strong', { id: 'sos-sent' }, t('web.sos.sent')),
    ' · ',
    el('span', { id: 'sos-reference' }, entry.sos.reference),
  ];
  if (entry.body.locationSource === 'facility') lines.push(el('br'), t('web.sos.approximate'));
  lines.push(el('br'), t('web.sos.reportNow'));
  say(lines, 'sent');
  const unit = document.getElementById('unit');
  if (entry.body.unitId && unit) unit.value = entry.body.unitId;
}

function showQueued() {
  say(el('strong', { id: 'sos-queued' }, t('web.sos.queued')), 'queued');
}

/** Hands the SOS to the service worker's queue; without one, this page keeps trying. */
async function queue(entry) {
  keep({ ...entry, queued: true });
  showQueued();
  const worker = await activeWorker();
  if (worker)
    worker.postMessage({
      type: 'sos.queue',
      entry: {
        key: entry.key,
        headers: headersOf(entry),
        body: entry.body,
        tappedAt: entry.tappedAt,
      },
    });
  else setTimeout(retryHere, PAGE_RETRY_MS);
}

/** The service worker holding the queue, once it is running (not waited for long). */
async function activeWorker() {
  if (!navigator.serviceWorker) return null;
  const ready = navigator.serviceWorker.ready.then((r) => r.active);
  return Promise.race([ready, new Promise((r) => setTimeout(() => r(null), WORKER_WAIT_MS))]);
}
function headersOf(entry) {
  return {
    accept: 'application/json',
    'content-type': 'application/json',
    'idempotency-key': entry.key,
    'x-csrf-token': csrfToken(),
  };
}

async function post(entry) {
  let res;
  try {
    res = await fetch('/api/v1/sos', {
      method: 'POST',
      headers: headersOf(entry),
      body: JSON.stringify(entry.body),
      credentials: 'same-origin',
    });
  } catch {
    return queue(entry);
  }
  if (res.ok) return sent(entry, await res.json());
  if (res.status >= 500 || res.status === 409 || res.status === 429) return queue(entry);
  forgetSos();
  say(t('web.sos.failed'), 'failed');
}

function sent(entry, sos) {
  const done = { key: entry.key, body: entry.body, sos: { id: sos.id, reference: sos.reference } };
  keep(done);
  showSent(done);
}

/** A queued tap too old to send: forgotten, and the person told to call. */
function tooOld(entry) {
  return Date.now() - (entry.tappedAt ?? Date.now()) > SOS_MAX_AGE_MS;
}

async function retryHere() {
  const entry = pending();
  if (!entry?.queued || entry.sos) return;
  if (tooOld(entry)) {
    forgetSos();
    say(t('web.sos.failed'), 'failed');
  } else await post(entry);
}

async function send() {
  closeConfirm();
  sendButton.disabled = true;
  try {
    say(t('web.sos.locating'));
    const where = await locate();
    const unitId = document.getElementById('unit')?.value || undefined;
    const entry = {
      key: crypto.randomUUID(),
      body: { facilityId: data.facilityId, unitId, ...where },
      tappedAt: Date.now(),
    };
    keep(entry);
    say(t('web.sos.sending'));
    await post(entry);
  } finally {
    sendButton.disabled = false;
  }
}

openButton.addEventListener('click', openConfirm);
cancelButton.addEventListener('click', () => {
  closeConfirm();
  openButton.focus();
});
sendButton.addEventListener('click', send);
confirmBox.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') {
    closeConfirm();
    openButton.focus();
  }
});

navigator.serviceWorker?.addEventListener('message', (e) => {
  const entry = pending();
  if (!entry || e.data?.key !== entry.key) return;
  if (e.data.type === 'sos.sent') sent(entry, e.data.sos);
  else if (e.data.type === 'sos.failed') {
    forgetSos();
    say(t('web.sos.failed'), 'failed');
  }
});
// Back online: the worker (or, without one, this page) tries the queued SOS now.
addEventListener('online', async () => {
  const worker = await activeWorker();
  if (worker) worker.postMessage({ type: 'sos.retry' });
  else retryHere();
});
navigator.serviceWorker?.register('/sw.js').catch(() => undefined);

const earlier = pending();
if (earlier?.sos) showSent(earlier);
// Queued when the page was last open: asked again with the same key, which the server answers
// with the SOS it made (or makes it now) — unless the tap is too old to send.
else if (earlier?.queued) retryHere();
// The home-screen shortcut opens the confirmation at once.
if (new URLSearchParams(location.search).get('sos') === '1') openConfirm();
