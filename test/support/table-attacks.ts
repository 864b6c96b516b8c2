/**
 * An attacker's tools against a published table with totals, as a grid whose every row and column
 * (a line) adds up to its last cell: inner cells, row totals in the last column, column totals in
 * the last row. A withheld cell is `<5` (1 to 4) or `x` (0, or 5 and more).
 */
export type Published = number | '<5' | 'x';
type Cell = [number, number];

export function gridLines(rows: number, columns: number): Cell[][] {
  return [
    ...Array.from({ length: rows }, (_, i) =>
      Array.from({ length: columns }, (_, j): Cell => [i, j]),
    ),
    ...Array.from({ length: columns }, (_, j) =>
      Array.from({ length: rows }, (_, i): Cell => [i, j]),
    ),
  ];
}

/** Withheld cells that one line's total minus its published cells gives away (as "row,column"). */
export function bySubtraction(grid: Published[][]): string[] {
  return gridLines(grid.length, grid[0].length).flatMap((line) => {
    const hidden = line.filter(([i, j]) => typeof grid[i][j] !== 'number');
    return hidden.length === 1 ? [hidden[0].join(',')] : [];
  });
}

/**
 * Withheld cells that the whole system of line equations determines, whatever lines are combined:
 * in reduced row echelon form, a withheld cell is determined when its pivot row holds no free
 * unknown.
 */
export function byCombination(grid: Published[][]): string[] {
  const hidden: Cell[] = [];
  grid.forEach((row, i) => row.forEach((v, j) => typeof v !== 'number' && hidden.push([i, j])));
  const index = new Map(hidden.map(([i, j], k) => [`${i},${j}`, k]));
  const matrix = gridLines(grid.length, grid[0].length).map((line) => {
    const equation = new Array<number>(hidden.length).fill(0);
    line.forEach(([i, j], position) => {
      const k = index.get(`${i},${j}`);
      if (k !== undefined) equation[k] = position === line.length - 1 ? -1 : 1;
    });
    return equation;
  });
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < hidden.length && r < matrix.length; c++) {
    const p = matrix.findIndex((row, k) => k >= r && Math.abs(row[c]) > 1e-9);
    if (p < 0) continue;
    [matrix[r], matrix[p]] = [matrix[p], matrix[r]];
    const lead = matrix[r][c];
    matrix[r] = matrix[r].map((v) => v / lead);
    for (let k = 0; k < matrix.length; k++)
      if (k !== r && Math.abs(matrix[k][c]) > 1e-9) {
        const f = matrix[k][c];
        matrix[k] = matrix[k].map((v, x) => v - f * matrix[r][x]);
      }
    pivots.push(c);
    r++;
  }
  return pivots
    .filter((c, row) => matrix[row].every((v, x) => x === c || Math.abs(v) < 1e-9))
    .map((c) => hidden[c].join(','));
}

/**
 * `<5` cells that a single line pins to one value, knowing that a `<5` is 1 to 4 and an `x` is 0
 * or at least 5: for each candidate value, a search over the sums the line's other cells can make.
 * Lines with no published non-zero cell are skipped (nothing there could be withheld). Values are
 * searched up to a bound no smallest solution of a line exceeds.
 */
export function byBounds(grid: Published[][]): string[] {
  const found = new Set<string>();
  for (const line of gridLines(grid.length, grid[0].length)) {
    const values = line.map(([i, j]) => grid[i][j]);
    if (!values.some((v) => typeof v === 'number' && v > 0)) continue;
    const cap =
      values.reduce<number>((a, v) => a + (typeof v === 'number' ? v : 0), 0) +
      5 * line.length +
      10;
    const sign = (k: number) => (k === line.length - 1 ? -1 : 1);
    const options = (v: Published): number[] =>
      v === '<5'
        ? [1, 2, 3, 4]
        : v === 'x'
          ? [0, ...Array.from({ length: cap - 4 }, (_, n) => n + 5)]
          : [v];
    line.forEach(([i, j], k) => {
      if (grid[i][j] !== '<5') return;
      // Every value Σ sign · cell of the other cells can take.
      let sums = new Set([0]);
      values.forEach((v, n) => {
        if (n === k) return;
        const next = new Set<number>();
        for (const s of sums) for (const o of options(v)) next.add(s + sign(n) * o);
        sums = next;
      });
      const possible = [1, 2, 3, 4].filter((v) => sums.has(-sign(k) * v));
      if (possible.length === 1) found.add(`${i},${j}`);
    });
  }
  return [...found];
}
