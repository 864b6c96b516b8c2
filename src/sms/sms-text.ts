import { fitsGsm7, gsm7Septets } from './gsm-alphabet';

/** What an alert text says: reference, category, place kind, facility and the link, in words. */
export interface SmsFacts {
  reference: string;
  /** The category in words, in the post's language. */
  category: string;
  /** The place kind in words, in the post's language. */
  place: string;
  facility: string;
  link: string;
}

/**
 * A text template with `{ref}` (reference), `{cat}` (category), `{loc}` (place kind), `{fac}`
 * (facility) and `{url}` (link).
 */
export type SmsTemplate = string;

const PLACEHOLDERS: Record<string, keyof SmsFacts> = {
  ref: 'reference',
  cat: 'category',
  loc: 'place',
  fac: 'facility',
  url: 'link',
};

export interface SmsText {
  text: string;
  /** SMPP data_coding: 0 for the GSM 7-bit default alphabet, 8 for UCS-2. */
  dataCoding: 0 | 8;
  /** The encoded user data of each segment, without the concatenation header. */
  segments: Buffer[];
}

/** Characters per message and per part of a concatenated one (the header takes the rest). */
const LIMITS = {
  0: { single: 160, part: 153 },
  8: { single: 70, part: 67 },
} as const;
export const MAX_SEGMENTS = 2;
const ELLIPSIS = { 0: '...', 8: '…' } as const;

/**
 * The alert text in at most two segments: GSM 7-bit when every character fits, else UCS-2. When
 * it is too long the facility's name is shortened (and, only if that is not enough, the place
 * and category words); the reference and the link are never cut.
 */
export function buildSmsText(template: SmsTemplate, facts: SmsFacts): SmsText {
  const fill = (f: SmsFacts) =>
    template.replace(/\{(ref|cat|loc|fac|url)\}/g, (_m, key: string) =>
      f[PLACEHOLDERS[key]].replace(/\s+/g, ' ').trim(),
    );
  const full = fill(facts);
  const dataCoding: 0 | 8 = fitsGsm7(full) ? 0 : 8;
  let fitted = { ...facts };
  for (const field of ['facility', 'place', 'category'] as const) {
    if (unitsOf(fill(fitted), dataCoding) <= capacity(dataCoding)) break;
    fitted = { ...fitted, [field]: '' };
    const spare = capacity(dataCoding) - unitsOf(fill(fitted), dataCoding);
    fitted = { ...fitted, [field]: shorten(facts[field], spare, dataCoding) };
  }
  const text = fill(fitted);
  return { text, dataCoding, segments: segment(text, dataCoding) };
}

const capacity = (dc: 0 | 8) => LIMITS[dc].part * MAX_SEGMENTS;

/** Septets (GSM) or UTF-16 code units (UCS-2) the text takes. */
function unitsOf(text: string, dc: 0 | 8): number {
  return dc === 0 ? gsm7Septets(text).flat().length : text.length;
}

/** The value cut to `room` units with an ellipsis, or nothing when not even a letter fits. */
function shorten(value: string, room: number, dc: 0 | 8): string {
  const clean = value.replace(/\s+/g, ' ').trim();
  if (unitsOf(clean, dc) <= room) return clean;
  const ellipsis = ELLIPSIS[dc];
  const chars = [...clean];
  while (chars.length && unitsOf(chars.join('').trimEnd() + ellipsis, dc) > room) chars.pop();
  return chars.length ? chars.join('').trimEnd() + ellipsis : '';
}

/** One segment when it fits in one message, else parts of at most `part` units each. */
function segment(text: string, dc: 0 | 8): Buffer[] {
  const single = unitsOf(text, dc) <= LIMITS[dc].single;
  const size = single ? LIMITS[dc].single : LIMITS[dc].part;
  const parts: number[][] = [[]];
  // Characters (a GSM escape pair, a UTF-16 surrogate pair) are never split across parts.
  const units = dc === 0 ? gsm7Septets(text) : [...text].map((c) => [...utf16(c)]);
  for (const unit of units) {
    const current = parts[parts.length - 1];
    const length = dc === 0 ? current.length : current.length / 2;
    const adds = dc === 0 ? unit.length : unit.length / 2;
    if (length + adds > size) parts.push([...unit]);
    else current.push(...unit);
  }
  return parts.map((p) => Buffer.from(p));
}

function utf16(char: string): Buffer {
  return Buffer.from(char, 'utf16le').swap16();
}

/**
 * The 3GPP TS 23.040 concatenation header (IEI 0x00, 8-bit reference) for part `seq` of `total`.
 */
export function concatenationHeader(reference: number, total: number, seq: number): Buffer {
  return Buffer.from([0x05, 0x00, 0x03, reference & 0xff, total, seq]);
}
