/**
 * The GSM 03.38 default alphabet (3GPP TS 23.038 §6.2.1) and its extension table, reached by an
 * escape (0x1B) and so two septets each. SMPP carries the septets unpacked, one per octet, with
 * data_coding 0.
 */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION: Record<string, number> = {
  '\f': 0x0a,
  '^': 0x14,
  '{': 0x28,
  '}': 0x29,
  '\\': 0x2f,
  '[': 0x3c,
  '~': 0x3d,
  ']': 0x3e,
  '|': 0x40,
  '€': 0x65,
};
const ESCAPE = 0x1b;

/** Septets of one character, or null when it is not in the alphabet. */
function septetsOf(char: string): number[] | null {
  if (char === '\x1b') return null;
  const basic = BASIC.indexOf(char);
  if (basic >= 0) return [basic];
  const ext = EXTENSION[char];
  return ext === undefined ? null : [ESCAPE, ext];
}

/** Whether every character has a place in the GSM 7-bit alphabet. */
export function fitsGsm7(text: string): boolean {
  return [...text].every((c) => septetsOf(c) !== null);
}

/** Each character's septets (1 or 2), in order; only for text that fits. */
export function gsm7Septets(text: string): number[][] {
  return [...text].map((c) => septetsOf(c) ?? [BASIC.indexOf('?')]);
}
