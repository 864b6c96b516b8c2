import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  seq: string;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

/** JSON with object keys sorted at every level, so jsonb's key reordering cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export type EntryFields = Omit<ChainedFields, 'seq' | 'prevHash'>;

/** The canonical text of an entry's own fields; the database hashes it together with the chain position. */
export function entryPayload(entry: EntryFields): string {
  return canonicalJson({
    occurredAt: entry.occurredAt.toISOString(),
    actorType: entry.actorType,
    actorId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    ip: entry.ip,
    requestId: entry.requestId,
    details: entry.details,
  });
}

/**
 * SHA-256 of "<previous hash>\n<seq>\n<payload>": the same bytes the `audit_append` database
 * function hashes when it appends the entry.
 */
export function hashEntry(entry: ChainedFields): string {
  return createHash('sha256')
    .update(`${entry.prevHash}\n${entry.seq}\n${entryPayload(entry)}`, 'utf8')
    .digest('hex');
}

/**
 * The statement that stages an entry in the current transaction; the database chains it into
 * `audit_log` as the transaction commits (see the AuditAppend migration).
 */
export function stageAuditEntry(entry: EntryFields): [string, unknown[]] {
  return [
    `INSERT INTO audit_pending (occurred_at, actor_type, actor_id, action, entity_type, entity_id, ip, request_id,
       details, payload) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      entry.occurredAt,
      entry.actorType,
      entry.actorId,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.ip,
      entry.requestId,
      JSON.stringify(entry.details),
      entryPayload(entry),
    ],
  ];
}

export interface ChainBreak {
  seq: string;
  reason: string;
  /** Entries of this batch that verified before the break. */
  verified: number;
}

/**
 * Checks one batch of consecutive entries, given the hash and seq the previous batch ended with.
 * Returns the first break, or the state to continue from.
 */
export function verifyBatch(
  entries: Array<ChainedFields & { hash: string }>,
  previous: { hash: string; seq: bigint },
): { broken: ChainBreak } | { last: { hash: string; seq: bigint } } {
  let last = previous;
  for (const [verified, entry] of entries.entries()) {
    const seq = BigInt(entry.seq);
    const reason =
      seq !== last.seq + 1n
        ? `entry ${last.seq + 1n} is missing before it`
        : entry.prevHash !== last.hash
          ? 'its previous-hash does not match the entry before it'
          : hashEntry(entry) !== entry.hash
            ? 'its contents do not match its hash (edited)'
            : null;
    if (reason) return { broken: { seq: entry.seq, reason, verified } };
    last = { hash: entry.hash, seq };
  }
  return { last };
}
