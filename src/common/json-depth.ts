const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

/**
 * Whether JSON text nests objects and arrays more than `max` levels deep (`{}` and `[]` are one
 * level). One pass over the text with a counter and no recursion, so the check itself cannot run
 * out of stack however deep the input; brackets inside strings do not count. Works on UTF-8
 * bytes as well as on a string: every character it looks at is ASCII, and in UTF-8 no byte of a
 * multi-byte character is ever an ASCII byte. For text that is not valid JSON the answer does not
 * matter, since the parser refuses it anyway.
 */
export function jsonNestsDeeperThan(text: Uint8Array | string, max: number): boolean {
  const at = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i];
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (OPENERS.has(c)) {
      if (++depth > max) return true;
    } else if (CLOSERS.has(c)) depth--;
  }
  return false;
}
