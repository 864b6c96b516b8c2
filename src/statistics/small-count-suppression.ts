/**
 * Small-count suppression for a published table with row totals, column totals and a grand total.
 *
 * Primary: a count from 1 to 4 (a total too) is shown as `<5`, so that no one can be singled
 * out. Secondary: since the totals are published, further cells are withheld (shown as `x`) until
 * no `<5` can be worked out from what is published:
 *  1. no row or column, the totals lines included, holds exactly one withheld cell (its total
 *     minus the published cells would give it away);
 *  2. no combination of rows and columns gives one away: seen as a graph whose nodes are the rows
 *     and columns and whose edges are the withheld cells, a withheld cell can be worked out by
 *     adding and subtracting lines exactly when its edge lies on no cycle (a bridge);
 *  3. no single row or column pins a `<5` to one value, knowing that a `<5` is 1 to 4 and an `x`
 *     is 0 or at least 5 (`<5` and `x` adding up to 6 can only be 1 and 5), unless the line has
 *     nothing left to withhold.
 * Each time, the cell withheld is the smallest non-zero published count that does the job (a
 * zero only when no other cell can); ties go to inner cells before totals, then to the first.
 */
export type Shown = number | '<5' | 'x';

export interface TableWithTotals {
  /** rows × columns */
  cells: Shown[][];
  rowTotals: Shown[];
  columnTotals: Shown[];
  total: Shown;
}

type Cell = [row: number, column: number];

/**
 * The table and its totals as one grid: column `columns` holds the row totals and row `rows` the
 * column totals, so that every row and column of the grid (a line) adds up to its last cell.
 */
interface Grid {
  counts: number[][];
  shown: Shown[][];
  rows: number;
  columns: number;
  lines: Cell[][];
}

const isSmall = (n: number) => n >= 1 && n <= 4;

/** `counts` is rows × columns of non-negative whole numbers. */
export function suppressSmallCounts(counts: number[][]): TableWithTotals {
  const rows = counts.length;
  const columns = counts[0]?.length ?? 0;
  const full = counts.map((row) => [...row, sum(row)]);
  full.push(Array.from({ length: columns + 1 }, (_, j) => sum(full.map((row) => row[j]))));
  const grid: Grid = {
    counts: full,
    shown: full.map((row) => row.map((n) => (isSmall(n) ? '<5' : n))),
    rows,
    columns,
    lines: [
      ...full.map((row, i) => row.map((_, j): Cell => [i, j])),
      ...full[0].map((_, j) => full.map((_, i): Cell => [i, j])),
    ],
  };
  for (;;) {
    const next = loneWithheld(grid) ?? acrossBridge(grid) ?? unpinning(grid);
    if (!next) break;
    grid.shown[next[0]][next[1]] = 'x';
  }
  const shown = grid.shown;
  return {
    cells: shown.slice(0, rows).map((row) => row.slice(0, columns)),
    rowTotals: shown.slice(0, rows).map((row) => row[columns]),
    columnTotals: shown[rows].slice(0, columns),
    total: shown[rows][columns],
  };
}

const isHidden = (g: Grid, [i, j]: Cell) => typeof g.shown[i][j] !== 'number';

/** Rule 1: in the first line holding exactly one withheld cell, the cell to withhold with it. */
function loneWithheld(g: Grid): Cell | null {
  for (const line of g.lines) {
    if (line.filter((c) => isHidden(g, c)).length !== 1) continue;
    const choice = byPreference(
      g,
      line.filter((c) => !isHidden(g, c)),
    )[0];
    if (choice) return choice;
  }
  return null;
}

/**
 * Rule 2: for the first withheld cell that is a bridge, a published cell joining the two sides the
 * bridge separates, which puts it on a cycle.
 */
function acrossBridge(g: Grid): Cell | null {
  // Nodes: row i is i, column j is rows + 1 + j.
  const node = ([i, j]: Cell) => [i, g.rows + 1 + j];
  const withheld = g.lines
    .slice(0, g.rows + 1)
    .flatMap((line) => line.filter((c) => isHidden(g, c)));
  const reach = (from: number, without: Cell): Set<number> => {
    const seen = new Set([from]);
    const queue = [from];
    while (queue.length) {
      const at = queue.pop()!;
      for (const cell of withheld) {
        if (cell === without) continue;
        const [a, b] = node(cell);
        const next = at === a ? b : at === b ? a : null;
        if (next !== null && !seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return seen;
  };
  for (const bridge of withheld) {
    const [row, column] = node(bridge);
    const near = reach(row, bridge);
    if (near.has(column)) continue;
    const far = reach(column, bridge);
    const joining = g.lines.slice(0, g.rows + 1).flatMap((line) =>
      line.filter((c) => {
        const [a, b] = node(c);
        return !isHidden(g, c) && ((near.has(a) && far.has(b)) || (far.has(a) && near.has(b)));
      }),
    );
    const choice = byPreference(g, joining)[0];
    if (choice) return choice;
  }
  return null;
}

/** Rule 3: for the first line that pins a `<5`, the published cell whose withholding frees it. */
function unpinning(g: Grid): Cell | null {
  for (const line of g.lines) {
    if (!pinsSmallCount(g, line)) continue;
    for (const candidate of byPreference(
      g,
      line.filter((c) => !isHidden(g, c)),
    )) {
      const [i, j] = candidate;
      const before = g.shown[i][j];
      g.shown[i][j] = 'x';
      const freed = !pinsSmallCount(g, line);
      g.shown[i][j] = before;
      if (freed) return candidate;
    }
  }
  return null;
}

/**
 * Whether one line leaves a `<5` a single possible value. The line says that its cells add up to
 * its last one; each cell's possible values are a union of intervals.
 */
function pinsSmallCount(g: Grid, line: Cell[]): boolean {
  const sign = (k: number) => (k === line.length - 1 ? -1 : 1);
  const values = line.map(([i, j]): Intervals => {
    const v = g.shown[i][j];
    return v === '<5'
      ? [[1, 4]]
      : v === 'x'
        ? [
            [0, 0],
            [5, Infinity],
          ]
        : [[v, v]];
  });
  return line.some(([i, j], k) => {
    if (g.shown[i][j] !== '<5') return false;
    // sign(k) · cell = −Σ others' sign · value
    const others = values.reduce<Intervals>(
      (acc, v, n) => (n === k ? acc : add(acc, sign(n) > 0 ? v : negate(v))),
      [[0, 0]],
    );
    const possible = intersect(values[k], sign(k) > 0 ? negate(others) : others);
    return possible.length === 1 && possible[0][0] === possible[0][1];
  });
}

/** Published cells by preference: non-zero before zero, smaller first, inner cells before totals. */
function byPreference(g: Grid, cells: Cell[]): Cell[] {
  const rank = ([i, j]: Cell) => [
    g.counts[i][j] === 0 ? 1 : 0,
    g.counts[i][j],
    i === g.rows || j === g.columns ? 1 : 0,
    i,
    j,
  ];
  return [...cells].sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    const k = x.findIndex((v, n) => v !== y[n]);
    return k < 0 ? 0 : x[k] - y[k];
  });
}

/** A set of whole numbers as sorted, disjoint, non-adjacent closed intervals. */
type Intervals = Array<[number, number]>;

function normalise(parts: Intervals): Intervals {
  const sorted = [...parts].sort((a, b) => a[0] - b[0]);
  const out: Intervals = [];
  for (const [lo, hi] of sorted) {
    const last = out.at(-1);
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

const add = (a: Intervals, b: Intervals): Intervals =>
  normalise(a.flatMap(([l1, h1]) => b.map(([l2, h2]): [number, number] => [l1 + l2, h1 + h2])));

const negate = (a: Intervals): Intervals => normalise(a.map(([lo, hi]) => [-hi, -lo]));

const intersect = (a: Intervals, b: Intervals): Intervals =>
  normalise(
    a.flatMap(([l1, h1]) =>
      b
        .map(([l2, h2]): [number, number] => [Math.max(l1, l2), Math.min(h1, h2)])
        .filter(([lo, hi]) => lo <= hi),
    ),
  );

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
