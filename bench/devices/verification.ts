import { Client } from 'pg';

/** Footage of the run by status, as the database holds it (the worker writes `verified` there). */
export interface FootageCounts {
  uploading: number;
  /** Completed, waiting for the worker or being verified. */
  stored: number;
  storedBytes: number;
  verified: number;
  rejected: number;
}

export interface Verified {
  /** When the last file of the run was verified (epoch ms), null when none was. */
  lastVerifiedAt: number | null;
  verifiedBytes: number;
  /** How long at least one completed file waited for or was in its verification, in ms. */
  busyMs: number;
}

/** Reads the footage the docks sent since `since` straight from the database, off the API. */
export class VerificationWatch {
  private readonly client: Client;

  constructor(
    databaseUrl: string,
    private readonly since: Date,
  ) {
    this.client = new Client({ connectionString: databaseUrl });
    // A connection the server ends (the run stopping) fails the next query instead.
    this.client.on('error', () => undefined);
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  async counts(): Promise<FootageCounts> {
    const { rows } = await this.client.query<{ status: string; n: number; bytes: number }>(
      `SELECT status, count(*)::int AS n, coalesce(sum(size), 0)::float8 AS bytes
       FROM footage WHERE created_at >= $1 GROUP BY status`,
      [this.since],
    );
    const of = (status: string) => rows.find((r) => r.status === status);
    return {
      uploading: of('uploading')?.n ?? 0,
      stored: of('stored')?.n ?? 0,
      storedBytes: of('stored')?.bytes ?? 0,
      verified: of('verified')?.n ?? 0,
      rejected: of('rejected')?.n ?? 0,
    };
  }

  /**
   * The verified files among `completed` (footage id → when its complete was answered): the bytes,
   * the last verification, and the time covered by [completed, verified] of some file — while
   * the worker's queue had work.
   */
  async verified(completed: Map<string, { at: number }>): Promise<Verified> {
    const { rows } = await this.client.query<{ id: string; size: number; verified_at: Date }>(
      `SELECT id, size::float8 AS size, verified_at FROM footage
       WHERE id = ANY($1::uuid[]) AND status = 'verified'`,
      [[...completed.keys()]],
    );
    const spans = rows
      .map((r) => {
        const at = completed.get(r.id)!.at;
        return [at, Math.max(at, r.verified_at.getTime())] as const;
      })
      .sort((a, b) => a[0] - b[0]);
    let busyMs = 0;
    let [from, to] = [-Infinity, -Infinity];
    for (const [start, end] of spans) {
      if (start > to) {
        if (to > from) busyMs += to - from;
        [from, to] = [start, end];
      } else to = Math.max(to, end);
    }
    if (to > from) busyMs += to - from;
    return {
      lastVerifiedAt: rows.length ? Math.max(...rows.map((r) => r.verified_at.getTime())) : null,
      verifiedBytes: rows.reduce((n, r) => n + r.size, 0),
      busyMs,
    };
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
