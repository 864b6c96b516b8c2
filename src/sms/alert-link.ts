const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CODE_LENGTH = 22;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The short path a text links to: the alert's random UUID in base62 (22 characters), so the link
 * costs a text few characters and names nothing; `/a/<code>` leads to the alert on the console.
 */
export function shortAlertPath(alertId: string): string {
  let n = BigInt(`0x${alertId.replace(/-/g, '')}`);
  let code = '';
  while (n > 0n) {
    code = DIGITS[Number(n % 62n)] + code;
    n /= 62n;
  }
  return `/a/${code.padStart(CODE_LENGTH, '0')}`;
}

/** The alert id a short code stands for, or null when it is not one. */
export function alertIdOfCode(code: string): string | null {
  if (!/^[0-9A-Za-z]{22}$/.test(code)) return null;
  let n = 0n;
  for (const c of code) n = n * 62n + BigInt(DIGITS.indexOf(c));
  if (n >= 1n << 128n) return null;
  const hex = n.toString(16).padStart(32, '0');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return UUID.test(id) ? id : null;
}
