import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, S3Handle, startS3 } from '../../src/local/services';
import { createS3Client } from '../../src/storage/s3-client';
import { OwnPostgres } from './own-postgres';
import { appEnv } from './run-node';
import { testConfig } from './test-app';

/** As the image sets it; the backup commands need no Redis. */
export const COMMAND_ENV = {
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  REDIS_URL: undefined,
};

/** Rows of one query on the database the URL names. */
export async function query<T>(url: string, text: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

export const count = async (url: string, table: string) =>
  (await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM ${table}`))[0].n;

/**
 * Engines a backup is restored on, not the ones it was made from: a PostgreSQL and an S3 server
 * of their own, with as many new, empty databases and buckets as a test asks for.
 */
export class RestoreTarget {
  private readonly pg = new OwnPostgres();
  private readonly s3Dir = join(tmpdir(), `medguard-restore-s3-${randomBytes(4).toString('hex')}`);
  private s3Server: S3Handle | null = null;
  private s3Client: S3Client | null = null;
  private made = 0;

  get s3(): S3Handle {
    return this.s3Server!;
  }

  async start(): Promise<void> {
    await this.pg.start();
    this.s3Server = await startS3({ port: await freePort(), dataDir: this.s3Dir, buckets: [] });
    this.s3Client = createS3Client({
      ...testConfig().s3,
      endpoint: this.s3.endpoint,
      accessKeyId: this.s3.accessKeyId,
      secretAccessKey: this.s3.secretAccessKey,
    });
  }

  emptyDatabase(): Promise<string> {
    return this.pg.createDatabase(`restored_${++this.made}`);
  }

  async emptyBucket(): Promise<string> {
    const name = `restored-${++this.made}`;
    await this.s3Client!.send(new CreateBucketCommand({ Bucket: name }));
    return name;
  }

  async putObject(bucket: string, key: string): Promise<void> {
    await this.s3Client!.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x' }));
  }

  /** The settings of the API, the worker and the commands on this database and bucket. */
  settings(database: string, bucket: string): Record<string, string> {
    return {
      DATABASE_URL: database,
      S3_ENDPOINT: this.s3.endpoint,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: this.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: this.s3.secretAccessKey,
    };
  }

  /** The environment a command gets in production: the database and the store, nothing else. */
  commandEnv(database: string, bucket: string) {
    return appEnv({ ...COMMAND_ENV, ...this.settings(database, bucket) });
  }

  async stop(): Promise<void> {
    this.s3Client?.destroy();
    await Promise.allSettled([this.pg.remove(), this.s3Server?.stop()]);
    rmSync(this.s3Dir, { recursive: true, force: true });
  }
}
