import { createHmac, hkdfSync, randomInt } from 'node:crypto';

/** How many recovery codes a confirmation gives; each signs in once in place of a TOTP code. */
export const RECOVERY_CODE_COUNT = 10;
/** No 0/o, 1/l/i: nothing to misread from paper. */
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const GROUPS = 3;
const GROUP_LENGTH = 4;

/** What a user may type for a recovery code: its 12 characters, in groups or not, any case. */
export const RECOVERY_CODE_PATTERN = /^\s*[a-z0-9]{4}[-\s]?[a-z0-9]{4}[-\s]?[a-z0-9]{4}\s*$/i;

/** Ten fresh codes such as `k7m2-x9qp-4hrt` (about 59 bits each). */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    const groups = Array.from({ length: GROUPS }, () =>
      Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
    );
    codes.add(groups.join('-'));
  }
  return [...codes];
}

/** The code as stored: lower case, without spaces and dashes; null when it cannot be one. */
export function normalizeRecoveryCode(typed: string): string | null {
  return RECOVERY_CODE_PATTERN.test(typed) ? typed.replace(/[-\s]/g, '').toLowerCase() : null;
}

/**
 * A keyed one-way hash of a recovery code: the database holds no code, and a copy of the database
 * without the key gives no way to test guesses against it.
 */
export class RecoveryCodeHasher {
  private readonly key: Buffer;

  constructor(secretsKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', secretsKey, '', 'medguard recovery codes', 32));
  }

  hash(normalized: string): Buffer {
    return createHmac('sha256', this.key).update(normalized).digest();
  }
}
