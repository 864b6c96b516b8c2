import { newRecoveryCodes, normalizeRecoveryCode, RecoveryCodeHasher } from './recovery-codes';

describe('recovery codes', () => {
  it('makes ten different codes in three groups of four', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes)
      expect(code).toMatch(/^[2-9a-hj-km-np-z]{4}(-[2-9a-hj-km-np-z]{4}){2}$/);
  });

  it.each([
    ['k7m2-x9qp-4hrt', 'k7m2x9qp4hrt'],
    ['K7M2-X9QP-4HRT', 'k7m2x9qp4hrt'],
    ['k7m2x9qp4hrt', 'k7m2x9qp4hrt'],
    [' k7m2 x9qp 4hrt ', 'k7m2x9qp4hrt'],
    ['k7m2-x9qp', null],
    ['123456', null],
    ['k7m2-x9qp-4hrt-aaaa', null],
    ['k7m2_x9qp_4hrt', null],
  ])('reads %j as %j', (typed, stored) => {
    expect(normalizeRecoveryCode(typed)).toBe(stored);
  });

  it('hashes one way, under its key', () => {
    const a = new RecoveryCodeHasher(Buffer.alloc(32, 1));
    const b = new RecoveryCodeHasher(Buffer.alloc(32, 2));
    expect(a.hash('k7m2x9qp4hrt')).toEqual(a.hash('k7m2x9qp4hrt'));
    expect(a.hash('k7m2x9qp4hrt')).not.toEqual(b.hash('k7m2x9qp4hrt'));
    expect(a.hash('k7m2x9qp4hrt').toString('latin1')).not.toContain('k7m2');
  });
});
