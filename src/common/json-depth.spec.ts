import { jsonNestsDeeperThan } from './json-depth';

const objects = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('JSON nesting depth', () => {
  it.each([
    ['a number is no nesting', '42', 0, false],
    ['a string is no nesting', '"x"', 0, false],
    ['an empty object is one level', '{}', 1, false],
    ['an empty object is more than none', '{}', 0, true],
    ['32 objects are not more than 32', objects(32), 32, false],
    ['33 objects are more than 32', objects(33), 32, true],
    ['32 arrays are not more than 32', arrays(32), 32, false],
    ['33 arrays are more than 32', arrays(33), 32, true],
    ['objects and arrays count alike: 5 levels', '{"a":[{"b":[[]]}]}', 5, false],
    ['objects and arrays count alike: more than 4', '{"a":[{"b":[[]]}]}', 4, true],
    ['siblings are not nesting', '[[],[],[],[]]', 2, false],
    ['brackets inside a string do not count', '{"a":"[[[[{{{{"}', 1, false],
    ['an escaped quote does not end a string', '{"a":"\\"[[[[","b":[]}', 2, false],
    ['an escaped backslash does not escape the quote', '{"a":"\\\\","b":[[]]}', 2, true],
    ['Cyrillic text around brackets', '{"имя":"Айгерім [","b":{}}', 2, false],
    ['100,000 arrays in one pass', arrays(100_000), 32, true],
  ])('%s', (_, text, max, deeper) => {
    expect(jsonNestsDeeperThan(text, max)).toBe(deeper);
    expect(jsonNestsDeeperThan(Buffer.from(text, 'utf8'), max)).toBe(deeper);
    if (text.length < 1000) expect(() => JSON.parse(text)).not.toThrow();
  });

  it('gives the same answer as JSON.parse for nested values of every depth up to 40', () => {
    const depthOf = (value: unknown): number =>
      typeof value === 'object' && value !== null
        ? 1 + Math.max(0, ...Object.values(value).map(depthOf))
        : 0;
    for (let depth = 1; depth <= 40; depth++) {
      for (const text of [objects(depth), arrays(depth), `{"x":[1,"]",${arrays(depth - 1)}]}`]) {
        if (depth === 1 && text.startsWith('{"x"')) continue;
        const actual = depthOf(JSON.parse(text));
        expect({ text, deeper: jsonNestsDeeperThan(text, 32) }).toEqual({
          text,
          deeper: actual > 32,
        });
      }
    }
  });
});
