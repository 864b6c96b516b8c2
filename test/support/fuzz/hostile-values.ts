import fc from 'fast-check';

/** What attackers type into every field: SQL, script, template and path tricks. */
export const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE incidents; --",
  "1' UNION SELECT email, password_hash FROM users --",
  "'); SELECT pg_sleep(10); --",
  '" OR ""="',
  '$1',
  '%',
  '_',
  '\\',
  "admin'--",
  '<script>alert(document.cookie)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}<%= 7*7 %>',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '{"$gt": ""}',
  "=cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\u202egnp.exe',
  'null',
  'undefined',
  'NaN',
  '[object Object]',
];

/** Characters no text field should store as they are. */
export const CONTROL_STRINGS = [
  'a\u0000b',
  '\u0000',
  'line\r\nX-Injected: 1',
  '\u0001\u0002\u001b[31mred\u001b[0m',
  '\u007f\u0085\u2028\u2029',
  '\ud800',
  '\udfff\ud800',
  '\ufeff\ufffe\uffff',
  'zero\u200bwidth\u200d',
];

/** Timestamps and months no calendar has: each must be refused where a date is expected. */
export const IMPOSSIBLE_DATES = [
  '2026-02-30T10:00:00+05:00',
  '2026-02-29T10:00:00+05:00',
  '2026-04-31T08:00:00+05:00',
  '2026-13-01T00:00:00+05:00',
  '2026-00-10T00:00:00+05:00',
  '2026-03-14T25:00:00+05:00',
  '2026-03-14T02:61:00+05:00',
  '2026-03-14T02:40:00+25:00',
  '2026-02-30',
  '0000-00-00T00:00:00Z',
  'yesterday',
  '2026-03-14T02:40:00+05:00garbage',
];

export const IMPOSSIBLE_MONTHS = ['2026-02-30', '2026-13', '2026-00', '26-03', '2026-3', 'March'];

/** Numbers at and past every edge a field might have. */
export const EDGE_NUMBERS = [
  -1,
  -2147483649,
  2147483648,
  2 ** 53 + 2,
  1e21,
  1e308,
  -1e308,
  0.5,
  -0,
  5e-324,
];

/** Invalid UTF-8 byte sequences: a lone continuation, overlong forms, surrogates, 0xFF. */
export const INVALID_UTF8 = [
  Buffer.from([0x80]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xe0, 0x80, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
];

/** File names as a hostile client writes them. */
export const FILE_NAMES: Array<string | Buffer> = [
  '../../../etc/passwd',
  '..\\..\\windows\\system32\\cmd.exe',
  '/etc/shadow',
  'clip.mp4\u0000.exe',
  'clip\r\nContent-Type: text/html.mp4',
  '\u0001\u001b[2Jclip.mp4',
  '.',
  '..',
  '',
  "\"; filename*=UTF-8''evil.mp4",
  'a'.repeat(5000) + '.mp4',
  '\u202ephp.mp4',
  'видео запись.mp4',
  Buffer.from([0xff, 0xfe, 0x2e, 0x6d, 0x70, 0x34]),
];

/** Keys that reach an object's prototype when copied carelessly. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

export const MEGABYTE = 1024 * 1024;

const MEGABYTE_STRING = 'A'.repeat(MEGABYTE);
/** A string of 1 MB (one shared copy: strings cannot change). */
export const huge = () => MEGABYTE_STRING;

/** JSON text nested `depth` levels deep. */
export const deepJson = (depth: number, shape: 'object' | 'array') =>
  shape === 'object'
    ? '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1)
    : '['.repeat(depth) + ']'.repeat(depth);

/** Any hostile text: injections, control characters, impossible dates, edge numbers as text. */
export const hostileText = fc.oneof(
  fc.constantFrom(...INJECTIONS),
  fc.constantFrom(...CONTROL_STRINGS),
  fc.constantFrom(...IMPOSSIBLE_DATES),
  fc.constantFrom(...EDGE_NUMBERS.map(String)),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
