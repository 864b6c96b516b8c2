import { randomBytes } from 'node:crypto';
import { SecretBox } from '../common/secret-box';

/** How long a rotated-out secret keeps signing beside its successor. */
export const SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

/** A post's webhook secrets as stored: sealed, the replaced one with the end of its overlap. */
export interface SealedWebhookSecrets {
  current: Buffer | null;
  previous: Buffer | null;
  previousUntil: Date | null;
}

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The secrets that sign a delivery now: the current one, then the replaced one while its overlap lasts. */
export function signingSecrets(box: SecretBox, sealed: SealedWebhookSecrets, now: Date): string[] {
  if (!sealed.current) return [];
  const secrets = [box.open(sealed.current)];
  if (sealed.previous && sealed.previousUntil && sealed.previousUntil > now)
    secrets.push(box.open(sealed.previous));
  return secrets;
}
