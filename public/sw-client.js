// The pages' side of the service worker (public/sw.js): every page registers it, and a signed-in
// page hands it what it cannot read itself — the session's CSRF token, so that "Acknowledge" on
// a notification is a request the API accepts, and the labels of the user's language.

/** The worker's registration, or null where the browser has none (or refuses it). */
export const registration =
  'serviceWorker' in navigator
    ? navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => null)
    : Promise.resolve(null);

/** Sends a message to the active worker, once there is one (waiting at most `waitMs`). */
export async function tellWorker(message, waitMs = 10_000) {
  if (!(await registration)) return;
  const ready = await Promise.race([
    navigator.serviceWorker.ready,
    new Promise((resolve) => setTimeout(resolve, waitMs, null)),
  ]);
  ready?.active?.postMessage(message);
}

/** The texts a notification shows, in the page's language. */
const LABEL_PREFIXES = ['category.', 'placeKind.', 'status.', 'web.push.'];
const LABEL_KEYS = [
  'web.police.acknowledge',
  'web.police.acknowledged',
  'web.police.open',
  'web.sos.failed',
];

/** A signed-in page hands over its session; a page without one (expired, signed out) revokes it. */
export function shareSession(boot, csrf) {
  if (!boot.user) return forgetSession();
  const labels = Object.fromEntries(
    Object.entries(boot.i18n).filter(
      ([key]) => LABEL_KEYS.includes(key) || LABEL_PREFIXES.some((p) => key.startsWith(p)),
    ),
  );
  return tellWorker({ type: 'session', csrf, locale: boot.locale, labels });
}

/** Signing out: the worker forgets the token and the cached console of this user. */
export function forgetSession() {
  return tellWorker({ type: 'signed-out' }, 1000);
}
