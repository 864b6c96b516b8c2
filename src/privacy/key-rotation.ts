import { DataSource } from 'typeorm';
import { FieldCipher, SealedColumn } from './field-cipher';

/** Every table holding encrypted values, with its key columns (sorted on, for batches). */
interface SealedTable {
  table: string;
  key: Array<{ name: string; type: string }>;
  columns: string[];
}

export const SEALED_TABLES: SealedTable[] = [
  {
    table: 'incidents',
    key: [{ name: 'id', type: 'uuid' }],
    columns: [
      'narrative',
      'witnesses',
      'perpetrator_description',
      'place_address',
      'place_lat',
      'place_lon',
    ],
  },
  { table: 'incident_victims', key: [{ name: 'id', type: 'uuid' }], columns: ['full_name'] },
  { table: 'incident_addenda', key: [{ name: 'id', type: 'uuid' }], columns: ['text'] },
  { table: 'incident_support', key: [{ name: 'id', type: 'uuid' }], columns: ['note'] },
  { table: 'sos', key: [{ name: 'id', type: 'uuid' }], columns: ['lat', 'lon', 'accuracy_m'] },
  {
    table: 'idempotency_keys',
    key: [
      { name: 'user_id', type: 'uuid' },
      { name: 'key', type: 'text' },
    ],
    columns: ['response_body'],
  },
];

export interface RotationCount {
  table: string;
  /** Rows looked at in this pass. */
  scanned: number;
  /** Values re-encrypted under the current key. */
  reencrypted: number;
}

/**
 * Re-encrypts, under the keyring's first key, every value encrypted under another one. It runs
 * beside the API and the worker: each batch locks its rows (`FOR UPDATE SKIP LOCKED`, so a row a
 * request holds is left for the next pass rather than waited for) and commits on its own. Rows
 * written meanwhile are already under the current key. Passes repeat until one finds nothing left.
 */
export async function rotateKeys(
  dataSource: DataSource,
  cipher: FieldCipher,
  report: (count: RotationCount) => void,
  options: { batch?: number; maxPasses?: number } = {},
): Promise<{ reencrypted: number; left: number }> {
  const batch = options.batch ?? 500;
  const current = Buffer.from(cipher.currentKeyId, 'ascii');
  let total = 0;
  for (const t of SEALED_TABLES) {
    for (let pass = 0; pass < (options.maxPasses ?? 20); pass++) {
      const count = await rotatePass(dataSource, cipher, t, current, batch);
      report(count);
      total += count.reencrypted;
      if (count.reencrypted === 0) break;
    }
  }
  const left = await remaining(dataSource, current);
  return { reencrypted: total, left };
}

/** Whether the value is under another key than the current one, in SQL. */
const stale = (column: string) =>
  `(${column} IS NOT NULL AND substring(${column} FROM 3 FOR get_byte(${column}, 1)) <> $1::bytea)`;

async function rotatePass(
  dataSource: DataSource,
  cipher: FieldCipher,
  t: SealedTable,
  current: Buffer,
  batch: number,
): Promise<RotationCount> {
  const keys = t.key.map((k) => k.name);
  const count: RotationCount = { table: t.table, scanned: 0, reencrypted: 0 };
  let after: unknown[] | null = null;
  for (;;) {
    const done = await dataSource.transaction(async (m) => {
      const cursor = after
        ? `AND (${keys.join(', ')}) > (${t.key.map((k, i) => `$${i + 2}::${k.type}`).join(', ')})`
        : '';
      const rows = (await m.query(
        `SELECT ${[...keys, ...t.columns].join(', ')} FROM ${t.table}
          WHERE (${t.columns.map(stale).join(' OR ')}) ${cursor}
          ORDER BY ${keys.join(', ')} LIMIT ${batch} FOR UPDATE SKIP LOCKED`,
        [current, ...(after ?? [])],
      )) as Array<Record<string, Buffer | string | null>>;
      if (rows.length === 0) return true;
      count.scanned += rows.length;
      const fresh = t.columns.map((c) =>
        rows.map((r) => {
          const value = r[c] as Buffer | null;
          if (value === null || cipher.isCurrent(value)) return value;
          count.reencrypted++;
          const column = `${t.table}.${c}` as SealedColumn;
          return cipher.seal(column, cipher.open(column, value));
        }),
      );
      await m.query(
        `UPDATE ${t.table} t SET ${t.columns.map((c) => `${c} = x.${c}`).join(', ')}
           FROM unnest(${[...t.key.map((k) => k.type), ...t.columns.map(() => 'bytea')]
             .map((type, i) => `$${i + 1}::${type}[]`)
             .join(', ')}) AS x(${[...keys, ...t.columns].join(', ')})
          WHERE ${keys.map((k) => `t.${k} = x.${k}`).join(' AND ')}`,
        [...keys.map((k) => rows.map((r) => r[k])), ...fresh],
      );
      const last = rows[rows.length - 1];
      after = keys.map((k) => last[k]);
      return rows.length < batch;
    });
    if (done) return count;
  }
}

/** Values still under an older key (held by a transaction through every pass, or written by an older release). */
async function remaining(dataSource: DataSource, current: Buffer): Promise<number> {
  let left = 0;
  for (const t of SEALED_TABLES) {
    const [row] = (await dataSource.query(
      `SELECT count(*)::int AS n FROM ${t.table} WHERE ${t.columns.map(stale).join(' OR ')}`,
      [current],
    )) as Array<{ n: number }>;
    left += row.n;
  }
  return left;
}
