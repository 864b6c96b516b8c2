import { readFileSync } from 'node:fs';

/** The shortest password accepted, in Unicode code points (NIST SP 800-63B §3.1.1.2 asks for 8 at least). */
export const PASSWORD_MIN_LENGTH = 12;
/** The longest: enough for any passphrase, short enough that hashing it costs nothing extra. */
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordRule = 'too_short' | 'too_long' | 'common';

let breached: ReadonlySet<string> | undefined;

/**
 * The 49k most common passwords of public breaches (@zxcvbn-ts/language-common's list), read once
 * and kept lower-cased: SP 800-63B §3.1.1.2 has new passwords checked against such a list.
 */
function breachedPasswords(): ReadonlySet<string> {
  breached ??= new Set(
    (
      JSON.parse(
        readFileSync(require.resolve('@zxcvbn-ts/language-common/src/passwords.json'), 'utf8'),
      ) as string[]
    ).map((p) => p.toLowerCase()),
  );
  return breached;
}

/** Which rule a new password breaks, or null when it may be set. */
export function passwordRuleBroken(password: string): PasswordRule | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'too_long';
  if (breachedPasswords().has(password.toLowerCase())) return 'common';
  return null;
}

/** The rule in words, as the 400 names it next to the field. */
export const PASSWORD_RULE_MESSAGES: Record<PasswordRule, string> = {
  too_short: `must be at least ${PASSWORD_MIN_LENGTH} characters`,
  too_long: `must be at most ${PASSWORD_MAX_LENGTH} characters`,
  common: 'is one of the most common breached passwords; choose another',
};
