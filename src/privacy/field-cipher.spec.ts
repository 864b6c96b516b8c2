import { parseDataKeys } from '../config/data-keys';
import { FieldCipher } from './field-cipher';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const cipher = (keys: string) => new FieldCipher(parseDataKeys(keys));

describe('the field cipher', () => {
  const both = cipher(`new:${key(2)},old:${key(1)}`);
  const oldOnly = cipher(`old:${key(1)}`);

  it.each([
    ['incidents.narrative', 'Пациент ударил медсестру'],
    ['incidents.witnesses', ''],
    ['incident_victims.full_name', 'Айгерим Сапарова 🙂'],
    ['incident_addenda.text', 'x'.repeat(10000)],
  ] as const)('reads back %s byte for byte', (column, value) => {
    const sealed = both.seal(column, value);
    expect(sealed.includes(Buffer.from(value))).toBe(value === '');
    expect(both.open(column, sealed)).toBe(value);
  });

  it.each([43.238949, -70.25, 0, 0.1 + 0.2, 1e-7])('reads back the number %d exactly', (n) => {
    expect(both.openNumber('sos.lat', both.sealNumber('sos.lat', n))).toBe(n);
  });

  it('keeps null as null', () => {
    expect(both.sealNullable('incidents.witnesses', null)).toBeNull();
    expect(both.openNullable('incidents.witnesses', null)).toBeNull();
    expect(both.openNumber('sos.accuracy_m', null)).toBeNull();
  });

  it('encrypts under the first key and names it in the value', () => {
    const sealed = both.seal('incidents.narrative', 'text');
    expect(both.keyIdOf(sealed)).toBe('new');
    expect(both.isCurrent(sealed)).toBe(true);
    const older = oldOnly.seal('incidents.narrative', 'text');
    expect(both.isCurrent(older)).toBe(false);
    expect(both.open('incidents.narrative', older)).toBe('text');
  });

  it('never gives the same bytes twice for the same text', () => {
    const a = both.seal('incidents.narrative', 'same');
    const b = both.seal('incidents.narrative', 'same');
    expect(a.equals(b)).toBe(false);
  });

  it.each([
    [
      'a value moved to another column',
      () => both.open('incidents.witnesses', both.seal('incidents.narrative', 'x')),
      'cannot be decrypted',
    ],
    [
      'a key id the keyring lacks',
      () => oldOnly.open('incidents.narrative', both.seal('incidents.narrative', 'x')),
      'key "new", which DATA_ENCRYPTION_KEYS does not hold',
    ],
    [
      'plain text where a value belongs',
      () => both.open('incidents.narrative', Buffer.from('plain text')),
      'is not an encrypted value',
    ],
    [
      'a cut-off value',
      () => both.open('incidents.narrative', both.seal('incidents.narrative', 'x').subarray(0, 20)),
      'is not an encrypted value',
    ],
    [
      'a changed byte',
      () => {
        const sealed = both.seal('incidents.narrative', 'xyz');
        sealed[sealed.length - 1] ^= 1;
        return both.open('incidents.narrative', sealed);
      },
      'cannot be decrypted',
    ],
  ])('refuses %s with a clear error', (_what, read, message) => {
    expect(read).toThrow(message);
  });
});
