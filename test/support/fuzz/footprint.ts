import { ListMultipartUploadsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DataSource } from 'typeorm';

/** Row counts of every table, and the bucket's objects and open multipart uploads. */
export type Footprint = Record<string, number>;

/**
 * Refused sign-ins are recorded on purpose (the audit trail of guessing), so they are the one
 * write a refused request makes; they are left out of the audit log's count.
 */
const AUDIT_OF_REFUSALS = `action NOT IN ('auth.login_failed', 'auth.login_throttled')`;

/** The statement counting every table of a database, built once (no request adds a table). */
const countStatements = new WeakMap<DataSource, Promise<string>>();

async function countStatement(db: DataSource): Promise<string> {
  const tables = (await db.query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  )) as Array<{ table_name: string }>;
  return tables
    .map(
      ({ table_name: t }) =>
        `SELECT '${t}' AS t, count(*)::int AS n FROM "${t}"${t === 'audit_log' ? ` WHERE ${AUDIT_OF_REFUSALS}` : ''}`,
    )
    .join(' UNION ALL ');
}

/** Exact `count(*)` of every table in the public schema, in one statement. */
export async function tableCounts(db: DataSource): Promise<Footprint> {
  if (!countStatements.has(db)) countStatements.set(db, countStatement(db));
  const counts = (await db.query(await countStatements.get(db)!)) as Array<{
    t: string;
    n: number;
  }>;
  return Object.fromEntries(counts.map(({ t, n }) => [t, n]));
}

async function countAll(list: (token?: string) => Promise<{ n: number; next?: string }>) {
  let total = 0;
  let token: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const { n, next } = await list(token);
    total += n;
    if (!next) return total;
    token = next;
  }
  throw new Error('the bucket listing did not end');
}

export async function bucketCounts(s3: S3Client, bucket: string): Promise<Footprint> {
  const [objects, uploads] = await Promise.all([
    countAll(async (token) => {
      const r = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }),
      );
      return { n: r.KeyCount ?? r.Contents?.length ?? 0, next: r.NextContinuationToken };
    }),
    countAll(async (token) => {
      const r = await s3.send(
        new ListMultipartUploadsCommand({ Bucket: bucket, KeyMarker: token }),
      );
      return { n: r.Uploads?.length ?? 0, next: r.IsTruncated ? r.NextKeyMarker : undefined };
    }),
  ]);
  return { 'bucket objects': objects, 'bucket open multipart uploads': uploads };
}

/** What changed between two footprints, as "table: before → after". */
export function changes(before: Footprint, after: Footprint): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => before[k] !== after[k])
    .map((k) => `${k}: ${before[k] ?? '-'} → ${after[k] ?? '-'}`);
}
