import type { Request, Response } from 'express';
import { readCookie } from '../auth/session-cookies';
import { Locale, LOCALES } from '../auth/roles';

export const LANG_COOKIE = 'mg_lang';

/** Remembers the pages' language for a year. */
export function setLangCookie(res: Response, locale: Locale, secure: boolean): void {
  res.cookie(LANG_COOKIE, locale, { sameSite: 'lax', secure, path: '/', maxAge: 365 * 86400_000 });
}

export function langCookie(req: Request): Locale | undefined {
  const value = readCookie(req, LANG_COOKIE);
  return value && (LOCALES as string[]).includes(value) ? (value as Locale) : undefined;
}
