import { unstorableText } from './storable-text';

describe('unstorableText', () => {
  it.each([
    ['plain text', 'Aigerim Seitkali', ''],
    ['Kazakh and emoji (a surrogate pair)', 'Қарағанды 🚑', ''],
    ['control characters other than NUL', 'a\u0001\u001b[31m\r\n', ''],
    ['U+FFFD and non-characters', '\ufffd\ufffe\uffff', ''],
    ['a NUL character', 'a\u0000b', 'name: must not contain NUL characters'],
    [
      'a lone high surrogate',
      'x\ud800',
      'name: must be valid Unicode text (a lone surrogate is not)',
    ],
    [
      'a lone low surrogate',
      '\udfffx',
      'name: must be valid Unicode text (a lone surrogate is not)',
    ],
    [
      'reversed surrogates',
      '\udfff\ud800',
      'name: must be valid Unicode text (a lone surrogate is not)',
    ],
  ])('a string with %s', (_, value, expected) => {
    const problem = unstorableText(value, 'name');
    expect(problem ? `${problem.field}: ${problem.message}` : '').toBe(expected);
  });

  it.each([
    [
      { narrative: 'ok', victims: [{ fullName: 'ok' }, { fullName: 'a\u0000' }] },
      'victims[1].fullName',
    ],
    [{ place: { address: '\ud800' } }, 'place.address'],
    [{ ['bad\u0000key']: 1 }, 'bad\u0000key'],
    [[{ a: 'x' }, 'y\u0000'], '[1]'],
    [{ n: 1, b: true, z: null, list: [1, 2] }, null],
  ])('names the first field that cannot be stored in %j', (value, field) => {
    expect(unstorableText(value, '')?.field ?? null).toBe(field);
  });
});
