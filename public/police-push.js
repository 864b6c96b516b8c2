import { api, ApiError, problemText, t } from './common.js';
import { registration } from './sw-client.js';

// "Notify this device": Web Push to this browser — for an officer every new alert of the post, for
// a reporter the news of her report — once the person allows notifications. Shown only where the
// browser can and the server has a VAPID key.
const section = document.getElementById('push');
const on = document.getElementById('push-on');
const off = document.getElementById('push-off');
const status = document.getElementById('push-status');
const KEY = 'medguard.push';

function remembered() {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? 'null');
  } catch {
    return null;
  }
}

function keyBytes(base64url) {
  const text = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function show(subscribed, message = '') {
  on.hidden = subscribed;
  off.hidden = !subscribed;
  status.textContent = message;
}

/** The texts that differ between the pages offering push: what being subscribed means. */
let texts = { on: 'web.push.on' };

async function subscribe(ready, publicKey) {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return show(false, t('web.push.denied'));
  let subscription;
  try {
    subscription = await ready.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: keyBytes(publicKey),
    });
  } catch {
    return show(false, t('web.push.unavailable'));
  }
  const { endpoint, keys } = subscription.toJSON();
  try {
    const { id } = await api('/api/v1/push-subscriptions', {
      method: 'POST',
      body: { endpoint, keys },
    });
    localStorage.setItem(KEY, JSON.stringify({ id, endpoint }));
    show(true, t(texts.on));
  } catch (e) {
    await subscription.unsubscribe().catch(() => undefined);
    show(false, e instanceof ApiError ? problemText(e) : t('web.networkError'));
  }
}

async function unsubscribe(ready) {
  const saved = remembered();
  try {
    if (saved?.id)
      await api(`/api/v1/push-subscriptions/${encodeURIComponent(saved.id)}`, {
        method: 'DELETE',
      }).catch((e) => {
        // Already gone on the server (expired, removed): this device is done with it too.
        if (!(e instanceof ApiError && e.status === 404)) throw e;
      });
  } catch (e) {
    return show(true, e instanceof ApiError ? problemText(e) : t('web.networkError'));
  }
  const current = await ready.pushManager.getSubscription().catch(() => null);
  await current?.unsubscribe().catch(() => undefined);
  localStorage.removeItem(KEY);
  show(false, t('web.push.off'));
}

export async function offerPush(options = {}) {
  texts = { ...texts, ...options };
  const reg = await registration;
  if (!reg || !('PushManager' in window) || !('Notification' in window)) return;
  let publicKey;
  try {
    ({ publicKey } = await api('/api/v1/push/public-key'));
  } catch {
    return; // no VAPID key on this server: no push to offer
  }
  const ready = await navigator.serviceWorker.ready;
  const current = await ready.pushManager.getSubscription().catch(() => null);
  section.hidden = false;
  show(Boolean(current && remembered()?.endpoint === current.endpoint));
  on.addEventListener('click', () => subscribe(ready, publicKey));
  off.addEventListener('click', () => unsubscribe(ready));
}
