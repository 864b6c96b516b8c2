import { BlockList, isIPv4, isIPv6 } from 'node:net';

type Rule = { list: BlockList; label: string };

function rules(family: 'ipv4' | 'ipv6', table: [string, number, string][]): Rule[] {
  return table.map(([network, bits, label]) => {
    const list = new BlockList();
    list.addSubnet(network, bits, family);
    return { list, label };
  });
}

const IPV4 = rules('ipv4', [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
]);

const IPV6 = rules('ipv6', [
  ['::1', 128, 'loopback'],
  ['fc00::', 7, 'unique local (private)'],
  ['fe80::', 10, 'link-local'],
]);

/** The kind of range that makes an address no public destination, or null for a public one. */
export function refusedRange(address: string): string | null {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(ip)) return IPV4.find((r) => r.list.check(ip, 'ipv4'))?.label ?? null;
  if (isIPv6(ip))
    return (
      (IPV6.find((r) => r.list.check(ip, 'ipv6')) ?? IPV4.find((r) => r.list.check(ip, 'ipv6')))
        ?.label ?? null
    );
  return 'not an IP address';
}
