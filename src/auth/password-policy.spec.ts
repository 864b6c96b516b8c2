import { PASSWORD_RULE_MESSAGES, passwordRuleBroken } from './password-policy';

describe('password policy', () => {
  it.each([
    ['eleven char', 'too_short'],
    ['twelve chars', null],
    // Code points, not UTF-16 units: eleven emoji are 22 units but 11 characters.
    ['🔒'.repeat(11), 'too_short'],
    ['🔒'.repeat(12), null],
    ['құпиясөзім12', null],
    ['x'.repeat(256), null],
    ['x'.repeat(257), 'too_long'],
    ['password1234', 'common'],
    ['PASSWORD1234', 'common'],
    ['QwErTy123456', 'common'],
    ['1q2w3e4r5t6y', 'common'],
    ['passwordpassword', 'common'],
    ['Staff-demo-2026!', null],
    ['correct horse battery staple', null],
  ])('%j → %s', (password, rule) => {
    expect(passwordRuleBroken(password)).toBe(rule);
  });

  it('says which rule in every message', () => {
    expect(PASSWORD_RULE_MESSAGES.too_short).toMatch(/at least 12/);
    expect(PASSWORD_RULE_MESSAGES.common).toMatch(/common/);
  });
});
