import fc from 'fast-check';
import { byBounds, byCombination, bySubtraction } from '../../test/support/table-attacks';
import { Shown, suppressSmallCounts, TableWithTotals } from './small-count-suppression';

/** The table and its totals as one grid: the last column holds row totals, the last row column totals. */
function grid(t: TableWithTotals): Shown[][] {
  return [...t.cells.map((row, i) => [...row, t.rowTotals[i]]), [...t.columnTotals, t.total]];
}

function truth(counts: number[][]): number[][] {
  const columns = counts[0]?.length ?? 0;
  const withRowTotals = counts.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  const totals = Array.from({ length: columns + 1 }, (_, j) =>
    withRowTotals.reduce((a, row) => a + row[j], 0),
  );
  return [...withRowTotals, totals];
}

describe('small-count suppression', () => {
  it.each<[string, number[][], TableWithTotals]>([
    [
      'nothing small: every cell and total is published',
      [
        [5, 6],
        [7, 0],
      ],
      {
        cells: [
          [5, 6],
          [7, 0],
        ],
        rowTotals: [11, 7],
        columnTotals: [12, 6],
        total: 18,
      },
    ],
    [
      'a small count whose row total is published: the smallest other count of the row is withheld, and so on until every line holds two',
      [
        [2, 5, 9],
        [6, 7, 8],
      ],
      {
        cells: [
          ['<5', 'x', 9],
          ['x', 'x', 8],
        ],
        rowTotals: [16, 21],
        columnTotals: [8, 12, 17],
        total: 37,
      },
    ],
    [
      'small totals are withheld like any small count; the totals lines get their second cell too',
      [
        [3, 0],
        [0, 9],
      ],
      {
        cells: [
          ['<5', 0],
          [0, 'x'],
        ],
        rowTotals: ['<5', 'x'],
        columnTotals: ['<5', 'x'],
        total: 12,
      },
    ],
    [
      'every cell and total from 1 to 4: all withheld (four 1s adding up to at most 4 still say so, with nothing left to withhold)',
      [[1, 1, 1, 1]],
      {
        cells: [['<5', '<5', '<5', '<5']],
        rowTotals: ['<5'],
        columnTotals: ['<5', '<5', '<5', '<5'],
        total: '<5',
      },
    ],
    [
      'two blocks of small counts joined by one small count: two cells in every line, yet rows 1–2 minus columns 1–2 would give the joining count away, so a cell across the blocks is withheld too',
      [
        [2, 1, 0, 6, 9],
        [1, 3, 2, 0, 9],
        [0, 0, 3, 4, 9],
        [0, 0, 2, 3, 9],
        [9, 9, 9, 9, 0],
      ],
      {
        cells: [
          ['<5', '<5', 0, 'x', 9],
          ['<5', '<5', '<5', 0, 9],
          [0, 0, '<5', '<5', 9],
          [0, 0, '<5', '<5', 9],
          [9, 9, 9, 9, 0],
        ],
        rowTotals: [18, 15, 16, 14, 36],
        columnTotals: [12, 13, 16, 22, 36],
        total: 99,
      },
    ],
    [
      'the same with nothing but zeros across the blocks: a zero is withheld',
      [
        [2, 1, 0, 0, 9],
        [1, 3, 2, 0, 9],
        [0, 0, 3, 4, 9],
        [0, 0, 2, 3, 9],
        [9, 9, 9, 9, 0],
      ],
      {
        cells: [
          ['<5', '<5', 'x', 0, 9],
          ['<5', '<5', '<5', 0, 9],
          [0, 0, '<5', '<5', 9],
          [0, 0, '<5', '<5', 9],
          [9, 9, 9, 9, 0],
        ],
        rowTotals: [12, 15, 16, 14, 36],
        columnTotals: [12, 13, 16, 16, 36],
        total: 93,
      },
    ],
    [
      'a <5 and an x adding up to 6 can only be 1 and 5: a third cell of the row is withheld, and the lines it touches get their second',
      [
        [1, 5, 20],
        [7, 8, 9],
      ],
      {
        cells: [
          ['<5', 'x', 'x'],
          ['x', 'x', 'x'],
        ],
        rowTotals: [26, 24],
        columnTotals: [8, 13, 29],
        total: 50,
      },
    ],
    ['no rows', [], { cells: [], rowTotals: [], columnTotals: [], total: 0 }],
    [
      'rows without columns',
      [[], []],
      { cells: [[], []], rowTotals: [0, 0], columnTotals: [], total: 0 },
    ],
  ])('%s', (_, counts, expected) => {
    expect(suppressSmallCounts(counts)).toEqual(expected);
  });

  it('the attacker recovers the joining count when only the small counts are withheld, and nothing from the result', () => {
    const counts = [
      [2, 1, 0, 6, 9],
      [1, 3, 2, 0, 9],
      [0, 0, 3, 4, 9],
      [0, 0, 2, 3, 9],
      [9, 9, 9, 9, 0],
    ];
    const smallOnly = truth(counts).map((row) =>
      row.map((v): Shown => (v >= 1 && v <= 4 ? '<5' : v)),
    );
    expect(bySubtraction(smallOnly)).toEqual([]);
    expect(byCombination(smallOnly)).toEqual(['1,2']);
    expect(byCombination(grid(suppressSmallCounts(counts)))).toEqual([]);
  });

  it('the attacker pins a <5 from its row when it and an x add up to 6, and nothing from the result', () => {
    const pinned: Shown[][] = [
      ['<5', 'x', 20, 26],
      ['x', 'x', 9, 24],
      [8, 13, 29, 50],
    ];
    expect(byBounds(pinned)).toEqual(['0,0']);
    expect(
      byBounds(
        grid(
          suppressSmallCounts([
            [1, 5, 20],
            [7, 8, 9],
          ]),
        ),
      ),
    ).toEqual([]);
  });

  const tables = fc
    .record({ rows: fc.integer({ min: 1, max: 8 }), columns: fc.integer({ min: 1, max: 6 }) })
    .chain(({ rows, columns }) =>
      fc.array(
        fc.array(
          fc.oneof(
            { arbitrary: fc.constant(0), weight: 3 },
            { arbitrary: fc.integer({ min: 1, max: 4 }), weight: 3 },
            { arbitrary: fc.integer({ min: 5, max: 40 }), weight: 2 },
          ),
          { minLength: columns, maxLength: columns },
        ),
        { minLength: rows, maxLength: rows },
      ),
    );

  it('publishes true counts only, and every count from 1 to 4 (totals included) as <5', () => {
    fc.assert(
      fc.property(tables, (counts) => {
        const shown = grid(suppressSmallCounts(counts));
        truth(counts).forEach((row, i) =>
          row.forEach((n, j) => {
            const v = shown[i][j];
            if (n >= 1 && n <= 4) expect(v).toBe('<5');
            else expect([n, n === v || v === 'x']).toEqual([n, true]);
          }),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('leaves no row or column, totals lines included, with exactly one withheld cell', () => {
    fc.assert(
      fc.property(tables, (counts) => {
        const shown = grid(suppressSmallCounts(counts));
        expect(bySubtraction(shown)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('lets no withheld cell be recovered from any combination of published rows and columns', () => {
    fc.assert(
      fc.property(tables, (counts) => {
        expect(byCombination(grid(suppressSmallCounts(counts)))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('lets no row or column pin a <5 to one value, unless the line has no published count left', () => {
    fc.assert(
      fc.property(tables, (counts) => {
        expect(byBounds(grid(suppressSmallCounts(counts)))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
