import { MigrationInterface, QueryRunner } from 'typeorm';
import { dataKeysFromEnv } from '../src/config/app-config';
import { FieldCipher, SealedColumn } from '../src/privacy/field-cipher';

interface PersonalColumn {
  name: string;
  /** The plain column's type and checks, to put it back on the way down. */
  plain: string;
  numeric?: true;
  required?: true;
}

/** The columns of personal data, as they were in plain text. */
const TABLES: Array<{ table: string; columns: PersonalColumn[] }> = [
  {
    table: 'incidents',
    columns: [
      {
        name: 'narrative',
        plain: 'text CHECK (char_length(narrative) BETWEEN 1 AND 10000)',
        required: true,
      },
      { name: 'witnesses', plain: 'text' },
      { name: 'perpetrator_description', plain: 'text' },
      { name: 'place_address', plain: 'text' },
      {
        name: 'place_lat',
        plain: 'double precision CHECK (place_lat BETWEEN -90 AND 90)',
        numeric: true,
      },
      {
        name: 'place_lon',
        plain: 'double precision CHECK (place_lon BETWEEN -180 AND 180)',
        numeric: true,
      },
    ],
  },
  { table: 'incident_victims', columns: [{ name: 'full_name', plain: 'text' }] },
  {
    table: 'sos',
    columns: [
      {
        name: 'lat',
        plain: 'double precision CHECK (lat BETWEEN -90 AND 90)',
        numeric: true,
        required: true,
      },
      {
        name: 'lon',
        plain: 'double precision CHECK (lon BETWEEN -180 AND 180)',
        numeric: true,
        required: true,
      },
      { name: 'accuracy_m', plain: 'double precision CHECK (accuracy_m >= 0)', numeric: true },
    ],
  },
];

const BATCH = 1000;

/**
 * Personal data encrypted at rest under the keyring (DATA_ENCRYPTION_KEYS): each column keeps
 * its name and becomes bytea, and the rows a database already holds are encrypted in batches of
 * a thousand. The idempotency store keeps responses encrypted from now on; the answers it held
 * (kept 24 hours for retries) are dropped, so a retry of a request from before the upgrade runs
 * as a new request.
 */
export class EncryptPersonalData1796550000000 implements MigrationInterface {
  name = 'EncryptPersonalData1796550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM idempotency_keys`);
    await q.query(`ALTER TABLE idempotency_keys ALTER COLUMN response_body TYPE bytea USING NULL`);
    for (const { table, columns } of TABLES)
      await convert(q, table, columns, 'bytea', (cipher, column, value) =>
        value === null
          ? null
          : cipher.seal(`${table}.${column.name}` as SealedColumn, String(value)),
      );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { table, columns } of TABLES)
      await convert(q, table, columns, 'plain', (cipher, column, value) => {
        if (value === null) return null;
        const plain = cipher.open(`${table}.${column.name}` as SealedColumn, value as Buffer);
        return column.numeric ? Number(plain) : plain;
      });
    await q.query(`DELETE FROM idempotency_keys`);
    await q.query(`ALTER TABLE idempotency_keys ALTER COLUMN response_body TYPE jsonb USING NULL`);
  }
}

type Value = string | number | Buffer | null;

/**
 * Writes every row's columns in their new form beside the old ones, a batch at a time in key
 * order, then swaps the columns. The keyring is read only when there are rows to convert.
 */
async function convert(
  q: QueryRunner,
  table: string,
  columns: PersonalColumn[],
  to: 'bytea' | 'plain',
  transform: (cipher: FieldCipher, column: PersonalColumn, value: Value) => Value,
): Promise<void> {
  const next = (c: PersonalColumn) => `${c.name}__next`;
  const typeOf = (c: PersonalColumn) => (to === 'bytea' ? 'bytea' : c.plain.split(' CHECK')[0]);
  await q.query(
    `ALTER TABLE ${table} ${columns.map((c) => `ADD COLUMN ${next(c)} ${typeOf(c)}`).join(', ')}`,
  );
  let cipher: FieldCipher | undefined;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = (await q.query(
      `SELECT id, ${columns.map((c) => c.name).join(', ')} FROM ${table}
        WHERE id > $1 ORDER BY id LIMIT ${BATCH}`,
      [after],
    )) as Array<Record<string, Value> & { id: string }>;
    if (rows.length === 0) break;
    cipher ??= new FieldCipher(dataKeysFromEnv());
    const c = cipher;
    const arrays = columns.map((col) => rows.map((r) => transform(c, col, r[col.name])));
    await q.query(
      `UPDATE ${table} t SET ${columns.map((col) => `${next(col)} = x.${col.name}`).join(', ')}
         FROM unnest($1::uuid[], ${columns.map((col, i) => `$${i + 2}::${typeOf(col)}[]`).join(', ')})
           AS x(id, ${columns.map((col) => col.name).join(', ')})
        WHERE t.id = x.id`,
      [rows.map((r) => r.id), ...arrays],
    );
    after = rows[rows.length - 1].id;
  }
  for (const col of columns) {
    await q.query(`ALTER TABLE ${table} DROP COLUMN ${col.name}`);
    await q.query(`ALTER TABLE ${table} RENAME COLUMN ${next(col)} TO ${col.name}`);
    if (to === 'plain' && col.plain.includes(' CHECK'))
      await q.query(`ALTER TABLE ${table} ADD${col.plain.slice(col.plain.indexOf(' CHECK'))}`);
    if (col.required) await q.query(`ALTER TABLE ${table} ALTER COLUMN ${col.name} SET NOT NULL`);
  }
}
