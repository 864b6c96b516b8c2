import { isIP } from 'node:net';

/**
 * Which proxies may tell the API the client's address in `X-Forwarded-For`, in the forms of
 * Express's `trust proxy`: none, the number of proxies in front of the API, or the proxies'
 * addresses and subnets. Trusting everything is refused: any client could then name any address,
 * and the sign-in limits would count against whatever it wrote.
 */
export type TrustProxy = false | number | string[];

const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];
const MAX_HOPS = 10;

function isProxyEntry(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Reads the setting; throws with the problem (not naming the variable) when it is none of these. */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim().toLowerCase() ?? '';
  if (['', 'false', '0', 'no'].includes(value)) return false;
  if (['true', 'yes'].includes(value))
    throw new Error(
      'must not be true: that trusts any X-Forwarded-For a client sends; give the number of proxies ' +
        'in front of the API (e.g. 1) or their addresses or subnets (e.g. 10.0.0.0/8 or loopback)',
    );
  if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= MAX_HOPS) return Number(value);
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const wrong = entries.find((entry) => !isProxyEntry(entry));
  if (wrong !== undefined || !entries.length)
    throw new Error(
      `must be false, a number of proxies from 1 to ${MAX_HOPS}, or a comma-separated list of proxy ` +
        `addresses, subnets, loopback, linklocal or uniquelocal; "${wrong ?? value}" is none of these`,
    );
  return entries;
}
