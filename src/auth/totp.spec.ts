import { generate } from 'otplib';
import { newTotpSecret, otpauthUri, totpStep } from './totp';

const STEP = 30_000;
// The middle of a step, so "a step earlier or later" is never a boundary case.
const NOW = 59_871_533 * STEP + STEP / 2;
const codeAt = (secret: string, ms: number) => generate({ secret, epoch: Math.floor(ms / 1000) });

describe('TOTP codes', () => {
  const secret = newTotpSecret();

  it('makes base32 secrets of 160 bits, different each time', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
  });

  it('names the issuer and the account in the otpauth URI', () => {
    expect(otpauthUri('nurse@demo.medguard.kz', secret)).toBe(
      `otpauth://totp/MedGuard:nurse%40demo.medguard.kz?secret=${secret}&issuer=MedGuard`,
    );
  });

  it.each([
    ['the current step', 0, 59_871_533],
    ['a phone one step behind', -1, 59_871_532],
    ['a phone one step ahead', 1, 59_871_534],
    ['two steps behind', -2, null],
    ['two steps ahead', 2, null],
  ])('answers the step of a code of %s', async (_, offset, step) => {
    await expect(totpStep(secret, await codeAt(secret, NOW + offset * STEP), NOW)).resolves.toBe(
      step,
    );
  });

  it.each([
    ['split as apps show it', (c: string) => `${c.slice(0, 3)} ${c.slice(3)}`, 59_871_533],
    ['with a digit missing', (c: string) => c.slice(1), null],
    ['with a digit too many', (c: string) => `${c}1`, null],
    ['of letters', () => 'abcdef', null],
    ['left empty', () => '', null],
  ])('reads a code %s', async (_, typed, step) => {
    await expect(totpStep(secret, typed(await codeAt(secret, NOW)), NOW)).resolves.toBe(step);
  });

  it('refuses the code of another secret', async () => {
    const other = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    const code = await codeAt(other, NOW);
    // Fixed secrets: these two do not share the code of this step.
    expect(code).not.toBe(await codeAt('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', NOW));
    await expect(totpStep('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', code, NOW)).resolves.toBeNull();
  });
});
