import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseCookie } from 'cookie';
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'mg_session';
/** Readable by the page's script, which sends it back as `X-CSRF-Token` on every change. */
export const CSRF_COOKIE = 'mg_csrf';

const THIS_MACHINE = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Cookies are sent over TLS only, unless the system is reached over plain http on this machine
 * (local development), where browsers would otherwise drop them.
 */
export function cookiesSecure(publicUrl: string): boolean {
  const url = new URL(publicUrl);
  return !(url.protocol === 'http:' && THIS_MACHINE.has(url.hostname.toLowerCase()));
}

/** The CSRF token of a session: an HMAC of its token, so it cannot be made without the session. */
export function csrfTokenFor(secretsKey: Buffer, sessionToken: string): string {
  return createHmac('sha256', secretsKey).update(`csrf:${sessionToken}`).digest('base64url');
}

export function csrfMatches(secretsKey: Buffer, sessionToken: string, sent: string | undefined) {
  if (!sent) return false;
  const expected = Buffer.from(csrfTokenFor(secretsKey, sessionToken));
  const given = Buffer.from(sent);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.header('cookie');
  return header ? parseCookie(header)[name] : undefined;
}

/** Sets the session cookie (httpOnly, SameSite=Lax) and its CSRF companion. */
export function setSessionCookies(
  res: Response,
  token: string,
  expiresAt: Date,
  secretsKey: Buffer,
  secure: boolean,
): void {
  const common = { sameSite: 'lax' as const, secure, path: '/', expires: expiresAt };
  res.cookie(SESSION_COOKIE, token, { ...common, httpOnly: true });
  res.cookie(CSRF_COOKIE, csrfTokenFor(secretsKey, token), { ...common, httpOnly: false });
}

export function clearSessionCookies(res: Response, secure: boolean): void {
  for (const name of [SESSION_COOKIE, CSRF_COOKIE])
    res.clearCookie(name, { path: '/', sameSite: 'lax', secure });
}
