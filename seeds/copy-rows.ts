import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A value as a field of COPY's text format: backslash, tab, newline and return escaped. */
export function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/**
 * Streams lines of COPY text into `table (columns)` and returns the rows written. The lines are
 * pulled from `source` only as fast as the connection takes them, so a generator that draws rows
 * on demand holds no more than the stream's buffer in memory.
 */
export async function copyInto(
  client: PoolClient,
  table: string,
  columns: string[],
  source: Iterable<string>,
): Promise<number> {
  const copy = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(source, { objectMode: false }), copy);
  return copy.rowCount;
}

/** Lines joined into pieces of `per` lines: fewer, larger writes to the connection. */
export function* joined(lines: string[], per: number): Generator<string> {
  for (let start = 0; start < lines.length; start += per)
    yield lines.slice(start, start + per).join('');
}
