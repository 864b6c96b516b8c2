import { isIPv6 } from 'node:net';

/** Failures of one account from all addresses, as a multiple of the per-pair limit. */
export const ACCOUNT_CEILING_FACTOR = 10;
/**
 * Failures from one address on any accounts, as a multiple of the per-pair limit. Reaching it holds
 * back only accounts that have not signed in from that address lately, so password spraying stops
 * while staff behind one hospital NAT or proxy keep signing in.
 */
export const ADDRESS_CEILING_FACTOR = 20;
/** The wait after the pair's limit is reached; it doubles with each further failure. */
export const FIRST_DELAY_SECONDS = 30;
/** An account that signed in from an address stays "known" there this long. */
export const KNOWN_ADDRESS_DAYS = 30;

export interface LoginLimits {
  /** Failures of one (account, address) pair before it has to wait. */
  pair: number;
  account: number;
  address: number;
  windowMs: number;
  /** Milliseconds the pair waits after its limit-th failure, limit+1-th, ...; the last entry repeats. */
  delaysMs: number[];
  knownMs: number;
}

export function loginLimits(maxFailures: number, windowSeconds: number): LoginLimits {
  const capMs = windowSeconds * 1000;
  const delaysMs: number[] = [];
  for (let delay = FIRST_DELAY_SECONDS * 1000; ; delay *= 2) {
    delaysMs.push(Math.min(delay, capMs));
    if (delay >= capMs) break;
  }
  return {
    pair: maxFailures,
    account: maxFailures * ACCOUNT_CEILING_FACTOR,
    address: maxFailures * ADDRESS_CEILING_FACTOR,
    windowMs: capMs,
    delaysMs,
    knownMs: KNOWN_ADDRESS_DAYS * 86400_000,
  };
}

/**
 * The address a failure is counted against: IPv4 as it is (also when IPv4-mapped), IPv6 by its
 * /64 network, since one subscriber is given a whole /64 and could otherwise rotate through it.
 */
export function throttleAddress(ip: string | null): string {
  if (!ip) return 'unknown';
  const bare = ip.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped) return mapped[1];
  if (!isIPv6(bare)) return bare;
  const [head, tail] = bare.split('::');
  const front = head ? head.split(':') : [];
  const back = tail === undefined ? [] : tail ? tail.split(':') : [];
  // A trailing dotted IPv4 part stands for two groups.
  const width = (gs: string[]) => gs.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const groups =
    tail === undefined
      ? front
      : [...front, ...Array(8 - width(front) - width(back)).fill('0'), ...back];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
