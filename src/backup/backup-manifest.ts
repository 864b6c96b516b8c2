import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';

export const BACKUP_FORMAT = 'medguard-backup/1';
export const MANIFEST = 'manifest.json';

/** One table's rows, as `COPY ... TO STDOUT` text, gzipped, in `file`. */
export interface TableDump {
  name: string;
  columns: string[];
  rows: number;
  file: string;
  sha256: string;
}

export interface SequenceValue {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

/** One object of the bucket, its bytes in `file`. */
export interface ObjectCopy {
  key: string;
  file: string;
  size: number;
  sha256: string;
  contentType: string | undefined;
  metadata: Record<string, string>;
}

/**
 * What a backup holds and the SHA-256 of every file in it. Written last: a directory without it
 * is a backup that did not finish.
 */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  /** The schema the rows belong to: the names of the migrations applied, in order. */
  migrations: string[];
  tables: TableDump[];
  sequences: SequenceValue[];
  bucket: string;
  objects: ObjectCopy[];
  /** Footage the database holds whose object the bucket did not have when it was copied. */
  missingObjects: Array<{ footageId: string; key: string }>;
}

/** Bytes passing through are hashed (SHA-256) and counted. */
export class Hasher extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;

  override _transform(chunk: Buffer, _: BufferEncoding, done: () => void): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.push(chunk);
    done();
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function writeManifest(dir: string, manifest: BackupManifest): Promise<void> {
  await writeFile(join(dir, `${MANIFEST}.partial`), JSON.stringify(manifest, null, 2));
  await rename(join(dir, `${MANIFEST}.partial`), join(dir, MANIFEST));
}

/** File names inside a backup are ours, never paths: a manifest cannot point outside it. */
const FILE_NAME = /^(db|objects)\/[A-Za-z0-9_.-]+$/;

export async function readManifest(dir: string): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as BackupManifest;
  } catch (error) {
    throw new Error(
      `${join(dir, MANIFEST)} cannot be read (${(error as Error).message}): not a finished backup`,
      { cause: error },
    );
  }
  if (manifest.format !== BACKUP_FORMAT)
    throw new Error(`${dir} is not a backup this release reads (format "${manifest.format}")`);
  const bad = [...manifest.tables, ...manifest.objects].find((f) => !FILE_NAME.test(f.file));
  if (bad) throw new Error(`the manifest names a file outside the backup: ${bad.file}`);
  return manifest;
}

/**
 * Checks every file of the backup against the manifest's SHA-256 before anything is written, so
 * a damaged backup is refused whole instead of half restored.
 */
export async function verifyFiles(dir: string, manifest: BackupManifest): Promise<void> {
  for (const entry of [...manifest.tables, ...manifest.objects]) {
    const found = await sha256OfFile(join(dir, entry.file)).catch((error: Error) => {
      throw new Error(`${entry.file} cannot be read: ${error.message}`, { cause: error });
    });
    if (found !== entry.sha256) {
      const what = 'key' in entry ? `object ${entry.key}` : `table ${entry.name}`;
      throw new Error(
        `${entry.file} (${what}) does not match the manifest: SHA-256 ${found}, expected ${entry.sha256}`,
      );
    }
  }
}
