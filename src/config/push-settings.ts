import { createECDH } from 'node:crypto';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The VAPID identity (RFC 8292) from its three settings: all of them or none (push off). The keys
 * are the base64url P-256 pair `web-push generate-vapid-keys` prints; the private key must be the
 * one behind the public key, so a pasted mismatch stops the start instead of every push failing.
 * Returns the problem as `[variable, message]` rather than throwing, so the config reader words it.
 */
export function parseVapid(
  publicKey: string | undefined,
  privateKey: string | undefined,
  subject: string | undefined,
): { keys: VapidKeys | null } | { variable: string; problem: string } {
  const set = [publicKey, privateKey, subject].filter((v) => v !== undefined).length;
  if (set === 0) return { keys: null };
  const needed = 'must be set together with VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT';
  if (publicKey === undefined) return { variable: 'VAPID_PUBLIC_KEY', problem: needed };
  if (privateKey === undefined) return { variable: 'VAPID_PRIVATE_KEY', problem: needed };
  if (subject === undefined) return { variable: 'VAPID_SUBJECT', problem: needed };
  const generate = '(npx web-push generate-vapid-keys)';
  const pub = BASE64URL.test(publicKey) ? Buffer.from(publicKey, 'base64url') : Buffer.alloc(0);
  if (pub.length !== 65 || pub[0] !== 4)
    return {
      variable: 'VAPID_PUBLIC_KEY',
      problem: `must be an uncompressed P-256 public key in base64url ${generate}`,
    };
  const priv = BASE64URL.test(privateKey) ? Buffer.from(privateKey, 'base64url') : Buffer.alloc(0);
  if (priv.length !== 32)
    return {
      variable: 'VAPID_PRIVATE_KEY',
      problem: `must be a 32-byte P-256 private key in base64url ${generate}`,
    };
  let derived: Buffer;
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(priv);
    derived = ecdh.getPublicKey();
  } catch {
    return {
      variable: 'VAPID_PRIVATE_KEY',
      problem: `is not a valid P-256 private key ${generate}`,
    };
  }
  if (!derived.equals(pub))
    return { variable: 'VAPID_PRIVATE_KEY', problem: 'is not the private key of VAPID_PUBLIC_KEY' };
  const protocol = URL.canParse(subject) ? new URL(subject).protocol : null;
  if (!protocol || !['mailto:', 'https:'].includes(protocol))
    return {
      variable: 'VAPID_SUBJECT',
      problem:
        'must be a mailto: address or an https: URL where push services can reach the operator',
    };
  return { keys: { publicKey, privateKey, subject } };
}

/**
 * The push services of the browsers a police console runs in: Chrome (Firebase Cloud Messaging),
 * Firefox (Mozilla autopush), Safari (Apple Push Notification service, `web.push.apple.com` and
 * regional hosts) and Edge (Windows Push Notification Services, regional `*.notify.windows.com`).
 */
export const DEFAULT_PUSH_HOSTS: readonly string[] = [
  'fcm.googleapis.com',
  'updates.push.services.mozilla.com',
  'push.services.mozilla.com',
  '*.push.apple.com',
  '*.notify.windows.com',
];

const HOST_PATTERN = /^(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+$|^\[?[0-9a-f:.]+\]?$/;

/** PUSH_ALLOWED_HOSTS entries: host names, `*.` for any subdomain, or address literals. */
export function pushHostsProblem(entries: readonly string[]): string | null {
  const bad = entries.find((e) => !HOST_PATTERN.test(e) || e === '*.');
  return bad === undefined
    ? null
    : `entries must be host names ("fcm.googleapis.com", "*.push.apple.com") or addresses, got "${bad}"`;
}
