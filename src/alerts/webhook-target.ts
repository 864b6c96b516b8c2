import { isIP } from 'node:net';
import { refusedRange } from '../common/ip-ranges';

/** A URL's host as the allow-list and the resolver see it: lower case, no IPv6 brackets. */
export function hostKey(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

export function allowedHostSet(entries: readonly string[]): ReadonlySet<string> {
  return new Set(entries.map(hostKey));
}

/**
 * Why a webhook URL may not be called, as far as the URL alone tells; null when it may, or when
 * only the host's DNS answer can tell.
 */
export function webhookUrlRefusal(url: string, allowed: ReadonlySet<string>): string | null {
  const host = hostKey(new URL(url).hostname);
  if (allowed.has(host)) return null;
  if (!isIP(host)) return null;
  return addressesRefusal(host, [host]);
}

/** Why the host may not be called given the addresses it resolves to; null when all are public. */
export function addressesRefusal(host: string, addresses: readonly string[]): string | null {
  if (addresses.length === 0) return `cannot resolve ${host}`;
  const internal = addresses.find((a) => refusedRange(a) !== null);
  return internal
    ? `${host} resolves to an internal address; allow it in WEBHOOK_ALLOWED_HOSTS`
    : null;
}
