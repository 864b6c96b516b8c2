import { RawAnswer } from './raw-http';

/** Answers to one operation's cases, counted by status. */
export class OperationTally {
  readonly statuses = new Map<string, number>();
  cases = 0;
  /** Cases a correct server may accept that it did accept (allowed to write). */
  accepted = 0;
  /** Batches after which the row and object counts were taken afresh (they held an accepted case). */
  rebaselined = 0;
  failures = 0;

  constructor(readonly name: string) {}

  add(answer: RawAnswer): void {
    this.cases++;
    const key = String(answer.status);
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
    if (typeof answer.status === 'number' && answer.status < 400) this.accepted++;
  }

  get serverErrors(): number {
    return [...this.statuses].filter(([s]) => /^5/.test(s)).reduce((a, [, n]) => a + n, 0);
  }
}

/** One line per operation: cases, answers by status, accepted cases, and 5xx. */
export function formatSummary(seed: number, runs: number, tallies: OperationTally[]): string {
  const width = Math.max(...tallies.map((t) => t.name.length));
  const lines = tallies.map((t) => {
    const statuses = [...t.statuses]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([s, n]) => `${s}:${n}`)
      .join(' ');
    return `${t.name.padEnd(width)}  cases=${t.cases}  ${statuses}  accepted=${t.accepted}  5xx=${t.serverErrors}${
      t.failures ? `  FAILURES=${t.failures}` : ''
    }`;
  });
  const total = tallies.reduce((a, t) => a + t.cases, 0);
  return [
    `Generated hostile input: ${tallies.length} operations, ${total} cases (FUZZ_RUNS=${runs}, FUZZ_SEED=${seed})`,
    ...lines,
    '',
  ].join('\n');
}
