import { isIP, isIPv6 } from 'node:net';
import { refusedRange } from '../common/ip-ranges';

/**
 * Where a police post's webhook may go. Hosts the operator lists in WEBHOOK_ALLOWED_HOSTS (police
 * networks are often private) may use http and any address; every other host must use https and
 * reach public addresses only, judged on the address itself, so that no spelling of an internal
 * address (`[::]`, `[::ffff:7f00:1]`, `0x7f.1`, a NAT64 or 6to4 wrapping) slips through.
 */

const UNLESS_LISTED = 'only hosts listed in WEBHOOK_ALLOWED_HOSTS may be';

/** A URL's host as the allow-list and the resolver see it: lower case, no brackets, no final dot. */
export function hostKey(hostname: string): string {
  return hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

/** An allow-list entry spelled the way the URL parser spells hosts (`[::1]`, IDN, `127.1`). */
function canonicalHost(entry: string): string {
  const bare = hostKey(entry.trim());
  if (isIPv6(bare)) return hostKey(new URL(`http://[${bare}]/`).hostname);
  // an entry with a port, path or user part names no bare host and matches nothing
  if (/[:/?#@\\]/.test(bare)) return bare;
  try {
    return hostKey(new URL(`http://${bare}/`).hostname);
  } catch {
    return bare;
  }
}

export function allowedHostSet(entries: readonly string[]): ReadonlySet<string> {
  return new Set(entries.map(canonicalHost));
}

/**
 * Why a webhook URL may not be called, as far as the URL alone tells; null when it may, or when
 * only the host's DNS answer can tell.
 */
export function webhookUrlRefusal(url: string, allowed: ReadonlySet<string>): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'must be an https URL';
  const host = hostKey(parsed.hostname);
  if (allowed.has(host)) return null;
  const literal = isIP(host) ? literalRefusal(host) : null;
  if (literal) return literal;
  if (parsed.protocol !== 'https:')
    return `must use https unless its host is in WEBHOOK_ALLOWED_HOSTS`;
  return null;
}

/** Why an address literal of a host that is not listed may not be called; null when public. */
export function literalRefusal(ip: string): string | null {
  const range = refusedRange(ip);
  return range && `${ip} is not a public address (${range}); ${UNLESS_LISTED}`;
}

/** Why a host that is not listed may not be called given its DNS answer; null when all are public. */
export function addressesRefusal(host: string, addresses: readonly string[]): string | null {
  if (addresses.length === 0) return `cannot resolve ${host}`;
  for (const address of addresses) {
    const range = refusedRange(address);
    if (range)
      return `${host} resolves to ${address}, not a public address (${range}); ${UNLESS_LISTED}`;
  }
  return null;
}

/** A connection the webhook rules refuse; its message says why, for the delivery record. */
export class WebhookAddressRefused extends Error {
  override readonly name = 'WebhookAddressRefused';
}
