/** What one kind of request did: latencies from when each was due, and its answers by status. */
export class Endpoint {
  readonly latencies: number[] = [];
  readonly statuses = new Map<number, number>();
  /** Why requests got no answer (status 0), by error code. */
  readonly failures = new Map<string, number>();
  /** Requests not sent because this many were already waiting (the client's own bound). */
  skipped = 0;
  private minuteMark = 0;

  constructor(
    readonly name: string,
    readonly expect: number,
  ) {}

  record(status: number, ms: number): void {
    this.latencies.push(ms);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  /** A request that got no answer, by its error code (counted as status 0). */
  recordFailure(error: NodeJS.ErrnoException, ms: number): void {
    const code = error.code ?? error.message;
    this.failures.set(code, (this.failures.get(code) ?? 0) + 1);
    this.record(0, ms);
  }

  get count(): number {
    return this.latencies.length;
  }
  get serverErrors(): number {
    return [...this.statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
  }
  /** Anything but the expected status: refusals, 5xx and requests that got no answer (0). */
  get unexpected(): number {
    return this.count - (this.statuses.get(this.expect) ?? 0);
  }

  /** The unexpected answers by status, e.g. `503 x1, ECONNRESET x2` (no answer: the error). */
  unexpectedByStatus(): string {
    return (
      [...this.statuses]
        .filter(([status]) => status !== this.expect && status !== 0)
        .map(([status, n]) => `${status} x${n}`)
        .concat([...this.failures].map(([code, n]) => `${code} x${n}`))
        .join(', ') || '-'
    );
  }

  /** The latencies recorded since the last call. */
  sinceLastMinute(): number[] {
    const slice = this.latencies.slice(this.minuteMark);
    this.minuteMark = this.latencies.length;
    return slice;
  }
}
