import { isDatabaseUnavailable } from '../common/engine-errors';

/** Why a read on the replica failed, when the replica rather than the query is at fault. */
export type ReplicaFailure = 'unreachable' | 'server';

/** Socket errors of Node and the driver's own words for a connection that is gone or never came. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const UNREACHABLE_TEXT =
  /Connection terminated|timeout exceeded when trying to connect|not queryable|Connection ended/i;

/**
 * SQLSTATEs that say the server cannot answer now, whatever the query: connection exceptions
 * (08), insufficient resources (53), operator intervention such as a shutdown or "the database
 * system is starting up" (57), system errors (58), a rejected sign-in (28), a missing database
 * (3D000), and the standby cancelling a statement that conflicts with recovery (40001, 40P01).
 */
const SERVER_STATES = /^(08|53|57|58|28)|^(3D000|40001|40P01)$/;

/**
 * Classifies an error from a read on the replica: a failure of the replica (the read is then
 * repeated on the primary) or null for an error the primary would give as well (bad input, a bug),
 * which is passed on unchanged.
 */
export function replicaFailure(error: unknown): ReplicaFailure | null {
  // Duck-typed: errors from Node's sockets may come from another realm than this code's `Error`.
  if (typeof error !== 'object' || error === null) return null;
  if (isDatabaseUnavailable(error)) return 'unreachable';
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; errors?: unknown };
  const inner = (e.driverError ?? {}) as { code?: unknown };
  const code =
    typeof e.code === 'string' ? e.code : typeof inner.code === 'string' ? inner.code : '';
  if (UNREACHABLE_CODES.has(code)) return 'unreachable';
  if (/^[0-9A-Z]{5}$/.test(code)) return SERVER_STATES.test(code) ? 'server' : null;
  if (Array.isArray(e.errors) && e.errors.some((x) => replicaFailure(x) === 'unreachable'))
    return 'unreachable';
  return typeof e.message === 'string' && UNREACHABLE_TEXT.test(e.message) ? 'unreachable' : null;
}
