import { createHash, randomBytes } from 'node:crypto';

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** 256 bits of randomness with a recognisable prefix, so leaked tokens are easy to find in scans. */
export function newToken(prefix: string, bytes = 32): string {
  return `${prefix}_${randomBytes(bytes).toString('base64url')}`;
}
