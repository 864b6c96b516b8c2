import { createECDH, randomBytes } from 'node:crypto';
import { DEFAULT_PUSH_HOSTS } from '../config/push-settings';
import { authRefusal, endpointRefusal, hostListed, p256dhRefusal } from './push-endpoint';

const TEST_HOSTS = [...DEFAULT_PUSH_HOSTS, '127.0.0.1', 'localhost', '::1'];

describe('hostListed', () => {
  it.each([
    ['fcm.googleapis.com', true],
    ['FCM.googleapis.com.', true],
    ['web.push.apple.com', true],
    ['api.push.apple.com', true],
    ['push.apple.com', false],
    ['evilpush.apple.com', false],
    ['wns2-par02p.notify.windows.com', true],
    ['updates.push.services.mozilla.com', true],
    ['push.services.mozilla.com', true],
    ['googleapis.com', false],
    ['fcm.googleapis.com.evil.example', false],
  ])('%s → %s', (host, listed) => {
    expect(hostListed(host, DEFAULT_PUSH_HOSTS)).toBe(listed);
  });
});

describe('endpointRefusal', () => {
  it.each([
    ['https://fcm.googleapis.com/fcm/send/abc:def', DEFAULT_PUSH_HOSTS, null],
    ['https://web.push.apple.com/QGx2', DEFAULT_PUSH_HOSTS, null],
    ['https://updates.push.services.mozilla.com/wpush/v2/gAAA', DEFAULT_PUSH_HOSTS, null],
    ['http://fcm.googleapis.com/fcm/send/abc', DEFAULT_PUSH_HOSTS, 'must be an https URL unless'],
    ['https://push.example.com/x', DEFAULT_PUSH_HOSTS, 'host push.example.com is not a push'],
    ['https://10.0.0.5/push', DEFAULT_PUSH_HOSTS, 'host 10.0.0.5 is not a push service'],
    ['http://127.0.0.1:8080/push/1', DEFAULT_PUSH_HOSTS, 'host 127.0.0.1 is not a push service'],
    ['http://127.0.0.1:8080/push/1', TEST_HOSTS, null],
    ['http://[::1]:8080/push/1', TEST_HOSTS, null],
    ['http://localhost:8080/push/1', TEST_HOSTS, null],
    ['http://127.0.0.2:8080/push/1', TEST_HOSTS, 'host 127.0.0.2 is not a push service'],
    [
      'https://user:pw@fcm.googleapis.com/fcm/send/a',
      DEFAULT_PUSH_HOSTS,
      'must not carry credentials',
    ],
    ['/fcm/send/abc', DEFAULT_PUSH_HOSTS, 'must be an absolute URL'],
    ['ftp://fcm.googleapis.com/x', DEFAULT_PUSH_HOSTS, 'must be an https URL'],
    ['javascript:alert(1)', DEFAULT_PUSH_HOSTS, 'must be an https URL'],
  ])('%s', (endpoint, hosts, expected) => {
    const refusal = endpointRefusal(endpoint, hosts);
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toContain(expected);
  });
});

describe('subscription keys', () => {
  const point = createECDH('prime256v1');
  point.generateKeys();
  const valid = point.getPublicKey().toString('base64url');
  const offCurve = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]).toString('base64url');

  it.each([
    [valid, null],
    [`${point.getPublicKey().toString('base64')}`.replace(/\+/g, '-').replace(/\//g, '_'), null],
    [point.getPublicKey('base64url', 'compressed'), 'must be an uncompressed'],
    [offCurve, 'is not a point on the P-256 curve'],
    [randomBytes(65).toString('hex'), 'must be an uncompressed'],
    ['not base64!', 'must be an uncompressed'],
  ])('p256dh %s', (value, expected) => {
    const refusal = p256dhRefusal(value);
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toContain(expected);
  });

  it.each([
    [randomBytes(16).toString('base64url'), null],
    [randomBytes(15).toString('base64url'), 'must be a 16-byte secret'],
    [randomBytes(32).toString('base64url'), 'must be a 16-byte secret'],
    ['***', 'must be a 16-byte secret'],
  ])('auth %s', (value, expected) => {
    expect(authRefusal(value)).toEqual(
      expected === null ? null : expect.stringContaining(expected),
    );
  });
});
