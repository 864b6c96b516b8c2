import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Which addresses count as public destinations for connections to operator-given hosts (police
 * webhooks). Ranges from the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and
 * successors) that are not globally reachable, plus multicast, broadcast and everything reserved.
 */

type Rule = { list: BlockList; label: string };

type Family = 'ipv4' | 'ipv6';

function rule(family: Family, network: string, bits: number, label: string): Rule {
  const list = new BlockList();
  list.addSubnet(network, bits, family);
  return { list, label };
}

function rules(family: Family, table: [string, number, string][]): Rule[] {
  return table.map(([network, bits, label]) => rule(family, network, bits, label));
}

const IPV4 = rules('ipv4', [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'deprecated 6to4 relay anycast'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
]);

/** Checked before unwrapping, so `::` and `::1` are not read as IPv4-compatible addresses. */
const IPV6_FIRST = rules('ipv6', [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
]);

/**
 * IPv6 forms that carry an IPv4 address a packet ends up at: the embedded address decides.
 * `at` is the 16-bit group where the IPv4 address starts.
 */
const WRAPPERS = (
  [
    ['::ffff:0:0', 96, 'IPv4-mapped', 6],
    ['::ffff:0:0:0', 96, 'IPv4-translated', 6],
    ['::', 96, 'IPv4-compatible', 6],
    ['64:ff9b::', 96, 'NAT64-wrapped', 6],
    ['2002::', 16, '6to4-wrapped', 1],
  ] as const
).map(([network, bits, label, at]) => ({ ...rule('ipv6', network, bits, label), at }));

const IPV6 = rules('ipv6', [
  // a translator's local-use prefix (RFC 8215) leads into its own network
  ['64:ff9b:1::', 48, 'local-use NAT64'],
  ['100::', 64, 'discard-only'],
  // Teredo, benchmarking, ORCHID and other protocol blocks; no webhook receiver lives there
  ['2001::', 23, 'IETF protocol assignments'],
  ['2001:db8::', 32, 'documentation'],
  ['3fff::', 20, 'documentation'],
  ['fc00::', 7, 'unique local (private)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local (deprecated)'],
  ['ff00::', 8, 'multicast'],
]);

const GLOBAL_UNICAST = rule('ipv6', '2000::', 3, 'global unicast').list;

/** The kind of range that makes an address no public destination, or null for a public one. */
export function refusedRange(address: string): string | null {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(ip)) return ipv4Range(ip);
  if (!isIPv6(ip)) return 'not an IP address';
  const first = IPV6_FIRST.find((r) => r.list.check(ip, 'ipv6'));
  if (first) return first.label;
  const wrapper = WRAPPERS.find((r) => r.list.check(ip, 'ipv6'));
  if (wrapper) {
    const inner = ipv4Range(embeddedIpv4(ip, wrapper.at));
    return inner && `${wrapper.label} ${inner}`;
  }
  const special = IPV6.find((r) => r.list.check(ip, 'ipv6'));
  if (special) return special.label;
  return GLOBAL_UNICAST.check(ip, 'ipv6') ? null : 'reserved';
}

function ipv4Range(ip: string): string | null {
  return IPV4.find((r) => r.list.check(ip, 'ipv4'))?.label ?? null;
}

/** The IPv4 address in the two 16-bit groups of an IPv6 address starting at group `at`. */
function embeddedIpv4(ip: string, at: number): string {
  const [high, low] = ipv6Groups(ip).slice(at, at + 2);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** The eight 16-bit groups of a valid IPv6 address (`::` and a dotted IPv4 tail expanded). */
function ipv6Groups(ip: string): number[] {
  const text = ip.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) =>
    [(+a << 8) | +b, (+c << 8) | +d].map((g) => g.toString(16)).join(':'),
  );
  const [head, tail] = text.split('::');
  const parse = (part: string | undefined) =>
    part ? part.split(':').map((g) => parseInt(g, 16)) : [];
  const left = parse(head);
  const right = parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
