import { createWriteStream } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { BucketObjects } from '../storage/bucket-objects';
import {
  BACKUP_FORMAT,
  BackupManifest,
  Hasher,
  ObjectCopy,
  writeManifest,
} from './backup-manifest';
import { dumpTables } from './database-dump';

export interface BackupSummary {
  out: string;
  tables: number;
  rows: number;
  objects: number;
  objectBytes: number;
  missingObjects: BackupManifest['missingObjects'];
}

async function emptyDirectory(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries.length) throw new Error(`--out ${dir} is not empty; give a new directory`);
  await mkdir(join(dir, 'db'), { recursive: true });
  await mkdir(join(dir, 'objects'), { recursive: true });
}

/**
 * A backup of the database and the bucket in `out`. The database is read in one snapshot, so
 * reports filed meanwhile are in it whole or not at all; the bucket is copied after it, so every
 * footage the snapshot holds finds its object (unless deleted since, which the manifest lists).
 */
export async function makeBackup(
  dataSource: DataSource,
  objects: BucketObjects,
  out: string,
  clock = new Clock(),
): Promise<BackupSummary> {
  await emptyDirectory(out);
  const createdAt = clock.now().toISOString();
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  let database: Awaited<ReturnType<typeof dumpTables>>;
  let footage: Array<{ id: string; object_key: string }>;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    database = await dumpTables(client, out);
    footage = (
      await client.query<{ id: string; object_key: string }>(
        `SELECT id, object_key FROM footage WHERE status NOT IN ('uploading', 'deleted')`,
      )
    ).rows;
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }

  const copies: ObjectCopy[] = [];
  for await (const { key } of objects.list()) {
    const object = await objects.download(key);
    if (!object) continue;
    const file = `objects/${String(copies.length + 1).padStart(6, '0')}`;
    const hasher = new Hasher();
    await pipeline(object.body, hasher, createWriteStream(join(out, file)));
    copies.push({
      key,
      file,
      size: hasher.bytes,
      sha256: hasher.digest(),
      contentType: object.contentType,
      metadata: object.metadata,
    });
  }
  const copied = new Set(copies.map((c) => c.key));
  const missingObjects = footage
    .filter((f) => !copied.has(f.object_key))
    .map((f) => ({ footageId: f.id, key: f.object_key }));

  await writeManifest(out, {
    format: BACKUP_FORMAT,
    createdAt,
    ...database,
    bucket: objects.bucket,
    objects: copies,
    missingObjects,
  });
  return {
    out,
    tables: database.tables.length,
    rows: database.tables.reduce((n, t) => n + t.rows, 0),
    objects: copies.length,
    objectBytes: copies.reduce((n, c) => n + c.size, 0),
    missingObjects,
  };
}
