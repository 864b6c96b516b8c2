import { addressesRefusal, allowedHostSet, webhookUrlRefusal } from './webhook-target';

const LOCAL = allowedHostSet(['127.0.0.1', 'localhost']);
const NONE = allowedHostSet([]);

/**
 * What a URL alone tells about where a webhook would go. The hosts are spelled the ways an admin
 * might type them; the WHATWG URL parser turns several into the canonical address first.
 */
describe('webhook URLs judged before any DNS lookup', () => {
  it.each<[string, ReadonlySet<string>, string | null]>([
    // public names over https wait for their DNS answer
    ['https://police.example.kz/hook', NONE, null],
    ['https://POLICE.example.kz./hook', NONE, null],
    // https is required for hosts the operator has not listed
    ['http://police.example.kz/hook', NONE, 'must use https'],
    ['http://8.8.8.8/hook', NONE, 'must use https'],
    ['ftp://police.example.kz/hook', NONE, 'must be an https URL'],
    ['not a url', NONE, 'is not a URL'],
    // a listed host may use http and internal addresses
    ['http://127.0.0.1:3000/hook', LOCAL, null],
    ['http://localhost:3000/hook', LOCAL, null],
    ['http://LOCALHOST.:3000/hook', LOCAL, null],
    ['https://[::1]/hook', allowedHostSet(['[::1]']), null],
    ['https://[::1]/hook', allowedHostSet(['0:0:0:0:0:0:0:1']), null],
    ['http://10.0.0.5/hook', allowedHostSet(['10.0.0.5']), null],
    // listing 127.0.0.1 allows no other spelling of loopback
    ['http://[::]:3000/hook', LOCAL, 'not a public address (unspecified)'],
    ['http://0.0.0.0:3000/hook', LOCAL, 'not a public address (unspecified)'],
    ['http://[::1]:3000/hook', LOCAL, 'not a public address (loopback)'],
    ['http://127.0.0.2:3000/hook', LOCAL, 'not a public address (loopback)'],
    ['http://[::ffff:127.0.0.1]:3000/hook', LOCAL, '(IPv4-mapped loopback)'],
    // odd spellings, as the URL parser hands them over
    ['https://[::]/hook', NONE, '(unspecified)'],
    ['https://0/hook', NONE, '(unspecified)'],
    ['https://[::ffff:127.0.0.1]/hook', NONE, '(IPv4-mapped loopback)'],
    ['https://[::ffff:7f00:1]/hook', NONE, '(IPv4-mapped loopback)'],
    ['https://0x7f.1/hook', NONE, '(loopback)'],
    ['https://2130706433/hook', NONE, '(loopback)'],
    ['https://017700000001/hook', NONE, '(loopback)'],
    ['https://127.1/hook', NONE, '(loopback)'],
    ['https://[0:0:0:0:0:0:0:1]/hook', NONE, '(loopback)'],
    ['https://[64:ff9b::7f00:1]/hook', NONE, '(NAT64-wrapped loopback)'],
    ['https://[64:ff9b::127.0.0.1]/hook', NONE, '(NAT64-wrapped loopback)'],
    ['https://[2002:7f00:1::]/hook', NONE, '(6to4-wrapped loopback)'],
    ['https://[2002:a9fe:a9fe::]/hook', NONE, '(6to4-wrapped link-local)'],
    ['https://169.254.169.254/latest/meta-data', NONE, '(link-local)'],
    ['https://[fe80::1]/hook', NONE, '(link-local)'],
    ['https://[fd00::1]/hook', NONE, '(unique local (private))'],
    ['https://192.168.1.10/hook', NONE, '(private)'],
    ['https://224.0.0.1/hook', NONE, '(multicast)'],
    ['https://[ff02::1]/hook', NONE, '(multicast)'],
    ['https://240.0.0.1/hook', NONE, '(reserved)'],
    ['https://255.255.255.255/hook', NONE, '(broadcast)'],
    ['https://192.0.2.1/hook', NONE, '(documentation)'],
    ['https://[2001:db8::1]/hook', NONE, '(documentation)'],
    ['https://[100::1]/hook', NONE, '(discard-only)'],
    // public literals over https need no lookup
    ['https://8.8.8.8/hook', NONE, null],
    ['https://[2001:4860:4860::8888]/hook', NONE, null],
    ['https://[::ffff:8.8.8.8]/hook', NONE, null],
  ])('%s', (url, allowed, expected) => {
    const refusal = webhookUrlRefusal(url, allowed);
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toContain(expected);
  });
});

describe('webhook hosts judged by their DNS answer', () => {
  it.each<[string[], string | null]>([
    [['8.8.8.8'], null],
    [['8.8.8.8', '2001:4860:4860::8888'], null],
    [['127.0.0.1'], 'resolves to 127.0.0.1, not a public address (loopback)'],
    [['8.8.8.8', '10.1.2.3'], 'resolves to 10.1.2.3, not a public address (private)'],
    [['2001:4860:4860::8888', '::ffff:169.254.169.254'], '(IPv4-mapped link-local)'],
    [['::'], '(unspecified)'],
    [[], 'cannot resolve'],
  ])('%j', (addresses, expected) => {
    const refusal = addressesRefusal('police.example.kz', addresses);
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toContain(expected);
  });
});
