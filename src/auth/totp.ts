import { generateSecret, generateURI, verify } from 'otplib';

/**
 * TOTP as every authenticator app reads it (RFC 6238 with its defaults: SHA-1, 6 digits, 30 s
 * steps), through otplib.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_ISSUER = 'MedGuard';
/** One step either way: a phone clock a little off, or a code typed as it changed. */
const DRIFT_STEPS = 1;

/** What a user types for a TOTP code: six digits, perhaps split by a space as apps show them. */
export const TOTP_CODE_PATTERN = /^\s*\d{3}\s?\d{3}\s*$/;

export function newTotpSecret(): string {
  // 20 bytes, the length of a SHA-1 key (RFC 4226 section 4 asks for at least 16).
  return generateSecret({ length: 20 });
}

/** The `otpauth://` URI an app reads from the QR code: issuer MedGuard, the account's e-mail. */
export function otpauthUri(email: string, secret: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret });
}

/**
 * The time step the code belongs to, when it is the secret's code for a step within the allowed
 * drift of `nowMs`; null otherwise. Taking a step only once is the caller's part.
 */
export async function totpStep(
  secret: string,
  code: string,
  nowMs: number,
): Promise<number | null> {
  if (!TOTP_CODE_PATTERN.test(code)) return null;
  try {
    const result = await verify({
      secret,
      token: code.replace(/\s/g, ''),
      epoch: Math.floor(nowMs / 1000),
      epochTolerance: DRIFT_STEPS * TOTP_PERIOD_SECONDS,
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    return null;
  }
}
