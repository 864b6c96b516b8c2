import { anchorKey, checkAnchors, parseAnchor } from './audit-anchor-rules';

const H = (c: string) => c.repeat(64);

describe('audit anchors', () => {
  it.each([
    ['1', 'audit-anchors/00000000000000000001.json'],
    ['123456', 'audit-anchors/00000000000000123456.json'],
  ])('keys seq %s as %s, so keys sort in chain order', (seq, key) => {
    expect(anchorKey(seq)).toBe(key);
  });

  it.each<[string, string, string, boolean]>([
    ['a written anchor', anchorKey('7'), JSON.stringify({ seq: '7', hash: H('a'), at: 'x' }), true],
    ['not JSON', anchorKey('7'), '{', false],
    [
      'a seq other than its key',
      anchorKey('8'),
      JSON.stringify({ seq: '7', hash: H('a'), at: 'x' }),
      false,
    ],
    ['a short hash', anchorKey('7'), JSON.stringify({ seq: '7', hash: 'ab', at: 'x' }), false],
  ])('reads %s', (_what, key, text, ok) => {
    expect('anchor' in parseAnchor(key, text)).toBe(ok);
  });

  it.each<[string, Array<[string, string]>, string[]]>([
    [
      'every anchored entry still in the chain',
      [
        ['3', H('a')],
        ['9', H('b')],
      ],
      [],
    ],
    ['the newest entries deleted', [['3', H('a')]], ['9']],
    [
      'the chain rewritten from an anchor on',
      [
        ['3', H('a')],
        ['9', H('c')],
      ],
      ['9'],
    ],
    ['everything deleted', [], ['3', '9']],
  ])('with %s, names %j', (_what, chain, failing) => {
    const anchors = [
      { seq: '3', hash: H('a'), at: 't1' },
      { seq: '9', hash: H('b'), at: 't2' },
    ];
    expect(checkAnchors(anchors, new Map(chain)).map((p) => p.seq)).toEqual(failing);
  });
});
