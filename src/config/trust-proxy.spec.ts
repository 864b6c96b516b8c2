import { parseTrustProxy } from './trust-proxy';

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['loopback', ['loopback']],
    ['loopback, linklocal,uniquelocal', ['loopback', 'linklocal', 'uniquelocal']],
    ['10.0.0.0/8, 192.168.1.10', ['10.0.0.0/8', '192.168.1.10']],
    ['fd00::/8,::1', ['fd00::/8', '::1']],
    ['172.16.0.0/12,', ['172.16.0.0/12']],
  ])('reads %j as %j', (raw, expected) => {
    expect(parseTrustProxy(raw)).toEqual(expected);
  });

  it.each([
    ['true', /must not be true: that trusts any X-Forwarded-For.*number of proxies.*subnets/],
    ['yes', /must not be true/],
    ['11', /false, a number of proxies from 1 to 10/],
    ['-1', /"-1" is none of these/],
    ['maybe', /"maybe" is none of these/],
    ['10.0.0.0/33', /"10.0.0.0\/33" is none of these/],
    ['fd00::/129', /"fd00::\/129" is none of these/],
    ['10.0.0.0/8, proxy.example', /"proxy.example" is none of these/],
    ['1, loopback', /"1" is none of these/],
  ])('refuses %j', (raw, message) => {
    expect(() => parseTrustProxy(raw)).toThrow(message);
  });
});
