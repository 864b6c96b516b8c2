import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';

/**
 * SQLSTATE classes and codes that say the database cannot serve now, not that the request was
 * wrong: connection exceptions (08), operator intervention such as a shutdown or a server still
 * starting (57P), and too many connections. The request may succeed once the server is back.
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-4]|53300)$/;

/** What node-postgres and its pool say when the connection is refused, lost or too slow. */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Client was closed)/;

/** Socket failures node-postgres passes on unchanged when it cannot reach the server. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  syscall?: unknown;
}

/**
 * Whether an error escaping a request means PostgreSQL is unreachable (down, restarting, cut
 * off, not answering in time) rather than a fault in the request or the code: such a request is
 * answered 503 so the client retries, and nothing was committed by it.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  // A connection lost mid-transaction makes TypeORM release its runner: the commit never ran.
  if (error instanceof QueryRunnerAlreadyReleasedError) return true;
  const e = (error instanceof QueryFailedError ? error.driverError : error) as ErrorLike;
  if (typeof e !== 'object' || e === null) return false;
  const code = typeof e.code === 'string' ? e.code : '';
  if (UNAVAILABLE_SQLSTATE.test(code)) return true;
  // The AWS SDK passes socket errors on too, marked with its request metadata: storage, not us.
  if (SOCKET_CODES.has(code) && typeof e.syscall === 'string') return !('$metadata' in e);
  return typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message);
}
