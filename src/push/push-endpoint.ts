import { createECDH } from 'node:crypto';
import { isIP } from 'node:net';
import { refusedRange } from '../common/ip-ranges';

/**
 * Which push endpoints a device may subscribe with. An endpoint is a capability URL of a push
 * service; the system will POST to it, so only the services PUSH_ALLOWED_HOSTS lists are
 * accepted (the first gate; every connection is checked again on the addresses it uses).
 */

/** A URL's host without brackets or a final dot, lower case. */
export function hostKey(hostname: string): string {
  return hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

/** `*.push.apple.com` matches `web.push.apple.com`, not `push.apple.com`; others match exactly. */
export function hostListed(host: string, patterns: readonly string[]): boolean {
  const key = hostKey(host);
  return patterns.some((pattern) => {
    const p = hostKey(pattern);
    return p.startsWith('*.') ? key.endsWith(p.slice(1)) && key.length > p.length - 1 : key === p;
  });
}

/** Loopback as a test or a developer's own push receiver uses it. */
export function isLoopbackHost(host: string): boolean {
  const key = hostKey(host);
  if (key === 'localhost') return true;
  return isIP(key) !== 0 && refusedRange(key) === 'loopback';
}

/** Why a push endpoint is not accepted; null when it is. */
export function endpointRefusal(endpoint: string, patterns: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https URL';
  if (url.username || url.password) return 'must not carry credentials';
  const host = hostKey(url.hostname);
  if (!hostListed(host, patterns))
    return `host ${host} is not a push service allowed by PUSH_ALLOWED_HOSTS`;
  if (url.protocol !== 'https:' && !isLoopbackHost(host))
    return 'must be an https URL unless its host is an allowed loopback host';
  return null;
}

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

function decode(value: string): Buffer | null {
  return BASE64URL.test(value) ? Buffer.from(value.replace(/=+$/, ''), 'base64url') : null;
}

/** Why a subscription's `p256dh` is unusable: it must be an uncompressed P-256 point (RFC 8291). */
export function p256dhRefusal(value: string): string | null {
  const key = decode(value);
  if (!key || key.length !== 65 || key[0] !== 4)
    return 'must be an uncompressed P-256 public key (65 bytes, base64url)';
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    ecdh.computeSecret(key);
  } catch {
    return 'is not a point on the P-256 curve';
  }
  return null;
}

/** Why a subscription's `auth` secret is unusable: 16 bytes (RFC 8291). */
export function authRefusal(value: string): string | null {
  const secret = decode(value);
  return secret && secret.length === 16 ? null : 'must be a 16-byte secret in base64url';
}
