import { generateVAPIDKeys } from 'web-push';
import { parseVapid, pushHostsProblem } from './push-settings';

const pair = generateVAPIDKeys();
const other = generateVAPIDKeys();

describe('parseVapid', () => {
  it.each([
    ['none set: push is off', [undefined, undefined, undefined], { keys: null }],
    [
      'all three',
      [pair.publicKey, pair.privateKey, 'mailto:ops@medguard.kz'],
      {
        keys: {
          publicKey: pair.publicKey,
          privateKey: pair.privateKey,
          subject: 'mailto:ops@medguard.kz',
        },
      },
    ],
    [
      'an https subject',
      [pair.publicKey, pair.privateKey, 'https://medguard.kz/contact'],
      { keys: expect.objectContaining({ subject: 'https://medguard.kz/contact' }) },
    ],
    [
      'only the public key',
      [pair.publicKey, undefined, undefined],
      { variable: 'VAPID_PRIVATE_KEY' },
    ],
    ['no subject', [pair.publicKey, pair.privateKey, undefined], { variable: 'VAPID_SUBJECT' }],
    ['only the subject', [undefined, undefined, 'mailto:a@b.kz'], { variable: 'VAPID_PUBLIC_KEY' }],
    [
      'a public key in standard base64',
      [pair.publicKey.replace(/-/g, '+') + '+/=', pair.privateKey, 'mailto:a@b.kz'],
      { variable: 'VAPID_PUBLIC_KEY' },
    ],
    [
      'a short public key',
      [pair.publicKey.slice(0, 40), pair.privateKey, 'mailto:a@b.kz'],
      { variable: 'VAPID_PUBLIC_KEY' },
    ],
    [
      'a short private key',
      [pair.publicKey, pair.privateKey.slice(0, 20), 'mailto:a@b.kz'],
      { variable: 'VAPID_PRIVATE_KEY' },
    ],
    [
      'keys of two pairs',
      [pair.publicKey, other.privateKey, 'mailto:a@b.kz'],
      { variable: 'VAPID_PRIVATE_KEY' },
    ],
    [
      'an http subject',
      [pair.publicKey, pair.privateKey, 'http://medguard.kz'],
      { variable: 'VAPID_SUBJECT' },
    ],
    [
      'a bare address as subject',
      [pair.publicKey, pair.privateKey, 'ops@medguard.kz'],
      { variable: 'VAPID_SUBJECT' },
    ],
  ] as const)('%s', (_name, [publicKey, privateKey, subject], expected) => {
    expect(parseVapid(publicKey, privateKey, subject)).toMatchObject(expected);
  });
});

describe('pushHostsProblem', () => {
  it.each([
    [['fcm.googleapis.com', '*.push.apple.com', '127.0.0.1', '::1', 'localhost'], null],
    [['https://fcm.googleapis.com'], expect.stringContaining('https://fcm.googleapis.com')],
    [['fcm.googleapis.com:443'], expect.stringContaining('fcm.googleapis.com:443')],
    [['*'], expect.stringContaining('"*"')],
    [['push.*.com'], expect.stringContaining('push.*.com')],
  ])('%j', (entries, expected) => {
    expect(pushHostsProblem(entries)).toEqual(expected);
  });
});
