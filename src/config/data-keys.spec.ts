import { parseDataKeys } from './data-keys';

const k = (fill: number, bytes = 32) => Buffer.alloc(bytes, fill).toString('base64');

describe('the data encryption keyring', () => {
  it('takes the first key to encrypt and keeps every key to decrypt', () => {
    const ring = parseDataKeys(`k2:${k(2)}, k1:${k(1)}`);
    expect(ring.current).toBe('k2');
    expect([...ring.keys.keys()]).toEqual(['k2', 'k1']);
    expect(ring.keys.get('k1')).toEqual(Buffer.alloc(32, 1));
  });

  it.each([
    [undefined, 'is required but not set (id:base64key[,id:base64key...], keys of 32 bytes)'],
    ['', 'is required but not set (id:base64key[,id:base64key...], keys of 32 bytes)'],
    [`${k(1)}`, 'entry 1 must be id:base64key'],
    [`k1:${k(1, 16)}`, 'key "k1" must be 32 bytes in base64, got 16 bytes'],
    [`k1:not base64!`, 'key "k1" must be 32 bytes in base64, got 0 bytes'],
    [`k1:${k(1)},k1:${k(2)}`, 'key id "k1" appears twice'],
    [`bad id:${k(1)}`, 'entry 1 has an invalid key id (1 to 16 of A-Z a-z 0-9 _ -)'],
    [`${'x'.repeat(17)}:${k(1)}`, 'entry 1 has an invalid key id (1 to 16 of A-Z a-z 0-9 _ -)'],
    [`k1:${k(1)},`, 'entry 2 must be id:base64key'],
  ])('refuses %j: %s', (value, problem) => {
    expect(() => parseDataKeys(value)).toThrow(problem);
  });

  it('never repeats key material in its complaint', () => {
    const secret = k(9, 31);
    expect(() => parseDataKeys(`k1:${secret}`)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(secret) }),
    );
  });
});
