import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonNestsDeeperThan } from './json-depth';

/** The deepest nesting of objects and arrays a JSON body may have. */
export const MAX_JSON_DEPTH = 32;

/**
 * A body refused before it is parsed. Shaped like the parser's own errors (a 4xx `status` that
 * may be shown), so it is answered as the client's mistake, naming `field`.
 */
export class BodyRefused extends Error {
  override readonly name = 'BodyRefused';
  readonly expose = true;
  readonly statusCode: number;

  constructor(
    readonly status: 400 | 415,
    readonly type: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.statusCode = status;
  }
}

/**
 * The JSON parser's `verify` step: sees the raw bytes before they are parsed, so nothing deeper
 * than MAX_JSON_DEPTH ever reaches the parser, class-transformer or validation. Only UTF-8 is
 * read (RFC 8259 §8.1): in other charsets the brackets are not the bytes the scan looks at.
 */
export function verifyJsonBody(
  _req: IncomingMessage,
  _res: ServerResponse,
  body: Buffer,
  encoding: string | null,
): void {
  if (encoding !== 'utf-8')
    throw new BodyRefused(415, 'charset.unsupported', 'body', 'must be UTF-8 JSON');
  if (jsonNestsDeeperThan(body, MAX_JSON_DEPTH))
    throw new BodyRefused(
      400,
      'entity.too.deep',
      'body',
      `is nested deeper than ${MAX_JSON_DEPTH} levels`,
    );
}
