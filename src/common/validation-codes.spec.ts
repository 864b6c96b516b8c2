import { validationCode } from './validation-codes';

describe('validationCode', () => {
  it.each([
    ['a field the contract does not have', ['whitelistValidation'], 1, 'not_allowed'],
    ['a missing value', ['isString', 'matches', 'maxLength'], undefined, 'required'],
    ['a null value', ['isIn'], null, 'required'],
    ['a missing nested object', ['isDefined', 'nestedValidation'], undefined, 'required'],
    ['a blank text that must say something', ['matches'], '   ', 'required'],
    ['an empty text that must not be empty', ['isNotEmpty'], '', 'required'],
    ['an empty id', ['isUuid'], '', 'invalid'],
    ['a text over its limit', ['maxLength'], 'x'.repeat(10), 'too_long'],
    ['a list over its limit', ['arrayMaxSize'], [1, 2], 'too_long'],
    ['a text under its limit', ['minLength'], 'x', 'too_short'],
    ['an empty list', ['arrayMinSize'], [], 'too_short'],
    ['a number below its range', ['min'], 0, 'out_of_range'],
    ['a number above its range', ['max'], 101, 'out_of_range'],
    ['a latitude beyond 90', ['isLatitude'], 91, 'out_of_range'],
    ['a count given as text', ['isInt', 'min', 'max'], 'two', 'invalid'],
    ['a code not in the list', ['isIn'], 'slap', 'invalid'],
    ['a value that must not be sent', ['isEmpty'], 'x', 'not_allowed'],
    ['a check of a kind not listed', ['isSomethingNew'], 'x', 'invalid'],
  ])('%s is %s', (_case, checks, value, code) => {
    expect(validationCode(checks, value)).toBe(code);
  });

  it('lets a check name its own code, from the value it refused', () => {
    const own = {
      isAcceptablePassword: (v: unknown) => (String(v).length < 12 ? 'too_short' : 'invalid'),
    } as const;
    expect(validationCode(['isAcceptablePassword'], 'short', own)).toBe('too_short');
    expect(validationCode(['isAcceptablePassword'], 'password1234', own)).toBe('invalid');
    expect(validationCode(['isAcceptablePassword'], undefined, own)).toBe('required');
  });
});
