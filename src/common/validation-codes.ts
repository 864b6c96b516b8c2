import type { ValidationCode } from './app-error';

/** Checks that say more than "wrong form"; every other failed check is `invalid`. */
const CODE_OF_CHECK: Record<string, ValidationCode> = {
  isDefined: 'required',
  isNotEmpty: 'required',
  whitelistValidation: 'not_allowed',
  isEmpty: 'not_allowed',
  maxLength: 'too_long',
  arrayMaxSize: 'too_long',
  minLength: 'too_short',
  arrayMinSize: 'too_short',
  min: 'out_of_range',
  max: 'out_of_range',
  isLatitude: 'out_of_range',
  isLongitude: 'out_of_range',
};

/** A check's own code for the value it refused (`context: { code }` on the decorator). */
export type CodeOfValue = ValidationCode | ((value: unknown) => ValidationCode);

/**
 * The one code of a field whose checks failed (class-validator's constraint names), from the
 * value sent: a field that must not be sent, then a missing or blank value, then a check that
 * names its own code, then a value of the wrong form (a count given as text is `invalid`, not
 * `out_of_range`), then the first length or range check.
 */
export function validationCode(
  checks: string[],
  value: unknown,
  own: Record<string, CodeOfValue | undefined> = {},
): ValidationCode {
  if (checks.includes('whitelistValidation')) return 'not_allowed';
  if (value === undefined || value === null) return 'required';
  const blank = typeof value === 'string' && value.trim() === '';
  if (blank && checks.some((c) => c === 'matches' || c === 'isNotEmpty')) return 'required';
  for (const check of checks) {
    const code = own[check];
    if (code) return typeof code === 'function' ? code(value) : code;
  }
  if (checks.some((c) => !(c in CODE_OF_CHECK))) return 'invalid';
  return CODE_OF_CHECK[checks[0]] ?? 'invalid';
}
