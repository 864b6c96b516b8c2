import fc from 'fast-check';
import { SchemaObject } from './openapi';

/**
 * Ids of rows that exist, by the name that refers to them: a body property (`facilityId`), or a
 * path segment before a parameter (`incidents`, `api-keys`). Valid-looking values use them so a
 * mutated request gets past the first lookup and reaches the deeper checks.
 */
export type IdPools = Record<string, string[]>;

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T/;
const MONTH = /^\d{4}-\d{2}$/;

/** Whether a string field carries a moment in time (by its example, or its name). */
export function isTimestampField(name: string, schema: SchemaObject): boolean {
  if (typeof schema.example === 'string') return TIMESTAMP.test(schema.example);
  return /(At|From|To)$|^(from|to)$/.test(name) && schema.type === 'string';
}

export function isMonthField(schema: SchemaObject): boolean {
  return typeof schema.example === 'string' && MONTH.test(schema.example);
}

/** A property or parameter that names a row: `id`, `facilityId`, `keyId`. */
export const isIdName = (name: string) => /^id$|Id$/.test(name);

const pad = (n: number) => String(n).padStart(2, '0');

/** A moment within the last few weeks, written with the +05:00 offset the pages use. */
const recentMoment = fc.integer({ min: 5, max: 30 * 24 * 60 }).map((minutesAgo) => {
  const at = new Date(Date.now() - minutesAgo * 60_000 + 5 * 3600_000);
  return `${at.toISOString().slice(0, 19)}+05:00`;
});

/** A closed month of the last two years, `YYYY-MM`. */
const recentMonth = fc.integer({ min: 1, max: 24 }).map((back) => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - back);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
});

const words = fc
  .array(
    fc.constantFrom(
      'reception',
      'ward',
      'Almaty',
      'nurse',
      'shouted',
      'struck',
      'Қарағанды',
      'приёмный покой',
      'door',
      '12',
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((w) => w.join(' '));

function poolFor(name: string, pools: IdPools): string[] | undefined {
  const pool = pools[name] ?? pools[name.replace(/s$/, '')];
  return pool?.length ? pool : undefined;
}

function stringArb(name: string, schema: SchemaObject, pools: IdPools): fc.Arbitrary<string> {
  const pool = poolFor(name, pools);
  if (pool && (isIdName(name) || schema.format === 'uuid')) return fc.constantFrom(...pool);
  if (schema.format === 'uuid') return fc.uuid();
  if (isTimestampField(name, schema)) return recentMoment;
  if (isMonthField(schema)) return recentMonth;
  if (name === 'email') return fc.emailAddress({ size: 'small' }).map((e) => e.toLowerCase());
  if (name === 'sha256') return fc.stringMatching(/^[0-9a-f]{64}$/);
  if (name === 'contentType') return fc.constantFrom('video/mp4', 'video/quicktime');
  if (name === 'fileName') return fc.constantFrom('CAM07_20260314_023500.mp4', 'REC_0042.mp4');
  if (name === 'webhookSecret') return fc.constant('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
  if (schema.format === 'password' || (schema.minLength ?? 0) >= 8)
    return fc.stringMatching(/^[A-Za-z0-9!-]{14,24}$/);
  const min = Math.max(schema.minLength ?? 1, 1);
  return words.map((w) => (w.length < min ? w.padEnd(min, '.') : w).slice(0, schema.maxLength));
}

function numberArb(name: string, schema: SchemaObject): fc.Arbitrary<number> {
  if (name === 'lat') return fc.double({ min: 40.6, max: 55.4, noNaN: true });
  if (name === 'lon') return fc.double({ min: 46.5, max: 87.3, noNaN: true });
  const min = schema.minimum ?? 0;
  const max = schema.maximum ?? Math.max(min + 10, name === 'size' ? 10_000_000 : 50);
  return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
}

/**
 * Values a well-behaved client would send for the schema: enum members, existing ids, recent
 * timestamps, numbers inside the bounds, every required property and some optional ones.
 */
export function validValue(
  name: string,
  schema: SchemaObject | undefined,
  pools: IdPools,
): fc.Arbitrary<unknown> {
  if (!schema) return fc.constant('x');
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const pool = poolFor(name, pools);
  if (schema.format === 'uuid' || (pool && isIdName(name)))
    return stringArb(name, { ...schema, type: 'string' }, pools);
  switch (schema.type) {
    case 'string':
      return stringArb(name, schema, pools);
    case 'number':
    case 'integer':
      return numberArb(name, schema);
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validValue(name.replace(/s$/, ''), schema.items, pools), {
        minLength: 1,
        maxLength: 3,
      });
    default:
      if (!schema.properties) return fc.constant(name === 'value' ? true : {});
      return fc.record(
        Object.fromEntries(
          Object.entries(schema.properties)
            .filter(([, s]) => s.format !== 'binary')
            .map(([k, s]) => [k, validValue(k, s, pools)]),
        ),
        {
          requiredKeys: (schema.required ?? []).filter(
            (k) => schema.properties?.[k] && schema.properties[k].format !== 'binary',
          ),
        },
      );
  }
}
