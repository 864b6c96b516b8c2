import { loadOrder, Reference } from './table-order';

const ref = (from: string, to: string): Reference => ({ from, to });

describe('loadOrder', () => {
  it.each<[string, string[], Reference[], string[]]>([
    ['no references: alphabetical', ['b', 'a', 'c'], [], ['a', 'b', 'c']],
    [
      'a child after its parent',
      ['alerts', 'incidents'],
      [ref('alerts', 'incidents')],
      ['incidents', 'alerts'],
    ],
    [
      'a chain, whatever order it is given in',
      ['history', 'incidents', 'users', 'facilities'],
      [ref('history', 'incidents'), ref('incidents', 'users'), ref('users', 'facilities')],
      ['facilities', 'users', 'incidents', 'history'],
    ],
    [
      'several parents: after the last of them',
      ['footage', 'links', 'incidents'],
      [ref('links', 'incidents'), ref('links', 'footage')],
      ['footage', 'incidents', 'links'],
    ],
    [
      'a table referring to itself',
      ['alerts', 'posts'],
      [ref('alerts', 'alerts'), ref('alerts', 'posts')],
      ['posts', 'alerts'],
    ],
    ['the same reference twice', ['a', 'b'], [ref('b', 'a'), ref('b', 'a')], ['a', 'b']],
  ])('%s', (_, tables, references, expected) => {
    expect(loadOrder(tables, references)).toEqual(expected);
  });

  it.each<[string, string[], Reference[], string]>([
    ['a cycle between two tables', ['a', 'b', 'c'], [ref('a', 'b'), ref('b', 'a')], 'cycle: a, b'],
    [
      'a longer cycle behind a free table',
      ['x', 'a', 'b', 'c'],
      [ref('a', 'b'), ref('b', 'c'), ref('c', 'a')],
      'cycle: a, b, c',
    ],
    ['a reference to a table not loaded', ['a'], [ref('a', 'missing')], 'a -> missing'],
  ])('refuses %s', (_, tables, references, message) => {
    expect(() => loadOrder(tables, references)).toThrow(message);
  });
});
