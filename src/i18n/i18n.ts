import type { Request } from 'express';
import { Actor, Locale, LOCALES } from '../auth/roles';
import { en, MessageKey } from './messages.en';
import { kk } from './messages.kk';
import { ru } from './messages.ru';

/** One catalogue per language; TypeScript and a test both insist that each has every key. */
export const CATALOGUES = { en, ru, kk } as const;

export function t(locale: Locale, key: MessageKey): string {
  return CATALOGUES[locale][key];
}

/** A label for a code of a known kind (`category`, `victimRole`, ...), the code itself if unknown. */
export function label(locale: Locale, kind: string, code: string): string {
  const key = `${kind}.${code}`;
  return key in en ? t(locale, key as MessageKey) : code;
}

const BROWSER_CHOICES: Locale[] = ['ru', ...LOCALES.filter((l) => l !== 'ru')];

/**
 * The language to answer in: an explicit `lang` query, else the signed-in user's setting, else the
 * browser's preference, else Russian.
 */
export function resolveLocale(req: Request, actor?: Actor | null, explicit?: string): Locale {
  if (explicit && (LOCALES as string[]).includes(explicit)) return explicit as Locale;
  if (actor?.kind === 'user') return actor.locale;
  // Russian first: it is the answer when the browser states no preference or accepts any.
  const accepted = req.acceptsLanguages(...BROWSER_CHOICES);
  return accepted ? (accepted as Locale) : 'ru';
}
