// Shared by every page: translations, API calls with the CSRF token, dates in Asia/Almaty.
import { forgetDraftsOf } from './drafts.js';
import { forgetSession, shareSession } from './sw-client.js';

const boot = JSON.parse(document.getElementById('boot').textContent);
export const locale = boot.locale;
export const data = boot;
const LOCALE_TAGS = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };
export const TIME_ZONE = 'Asia/Almaty';

export function t(key, params = {}) {
  const text = boot.i18n[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

export function label(kind, code) {
  return boot.i18n[`${kind}.${code}`] ?? code;
}

export function formatDate(iso) {
  return new Intl.DateTimeFormat(LOCALE_TAGS[locale], {
    timeZone: TIME_ZONE,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}

export function formatNumber(n, digits = 0) {
  return new Intl.NumberFormat(LOCALE_TAGS[locale], { maximumFractionDigits: digits }).format(n);
}

function csrfCookie() {
  const match = document.cookie.split('; ').find((c) => c.startsWith('mg_csrf='));
  return match ? decodeURIComponent(match.slice('mg_csrf='.length)) : '';
}

/** The CSRF token of the session this page was opened with. */
const pageCsrf = csrfCookie();

/**
 * The CSRF token every change made with the session cookie must carry: the one of the session
 * this page was opened for, so that a page left open never acts in a later sign-in's name.
 */
export function csrfToken() {
  return boot.user ? pageCsrf : csrfCookie();
}

shareSession(boot, pageCsrf);

/** True when the browser's session is no longer the one this page was opened for. */
function sessionChanged() {
  return Boolean(boot.user) && csrfCookie() !== pageCsrf;
}

/** A refusal from the API in the user's language: the field it names and what to do. */
export function problemText(error, input = null) {
  const detail = error?.body?.details?.[0];
  if (error?.status === 422) return t('web.error.notAllowed');
  if (!detail) return error?.body ? t('web.error.invalid') : t('web.networkError');
  return codeText(detail.code, input);
}

/**
 * The catalogue's text for a problem's code (`web.error.code.<code>`), with the limits of the
 * field it names where its input says them (`maxlength`, `min`/`max`).
 */
export function codeText(code, input = null) {
  const text = boot.i18n[`web.error.code.${code}`] ?? t('web.error.code.invalid');
  const max = input?.getAttribute('maxlength');
  if (code === 'too_long' && max) return `${text}. ${t('web.error.limit.max', { max })}`;
  if (code === 'out_of_range' && input?.getAttribute('min') && input.getAttribute('max'))
    return `${text}. ${t('web.error.limit.range', { min: input.min, max: input.max })}`;
  return text;
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** Calls the API with the session cookie; unsafe methods carry the CSRF token. */
export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  if (sessionChanged()) {
    // Signed out, or someone else signed in on this browser: start again as whoever that is.
    location.href = `/?next=${encodeURIComponent(location.pathname)}`;
    throw new ApiError(401, null);
  }
  const init = {
    method,
    headers: { Accept: 'application/json', ...headers },
    credentials: 'same-origin',
  };
  if (method !== 'GET') init.headers['X-CSRF-Token'] = csrfToken();
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const text = await res.text();
  const json = text ? safeJson(text) : null;
  // A page opened for a signed-in user whose session ended starts again at sign-in; the sign-in
  // page itself reads its own refusals.
  if (res.status === 401 && boot.user) {
    location.href = `/?next=${encodeURIComponent(location.pathname)}`;
  }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children.flat())
    if (child !== null && child !== undefined) node.append(child);
  return node;
}

const signOut = document.getElementById('sign-out');
if (signOut) {
  signOut.addEventListener('click', async () => {
    forgetDraftsOf(boot.user.id);
    await forgetSession().catch(() => undefined);
    await api('/web/session/end', { method: 'POST' }).catch(() => undefined);
    location.href = '/';
  });
}
