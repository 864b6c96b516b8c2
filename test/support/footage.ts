import { INestApplicationContext } from '@nestjs/common';
import { ObjectStorage } from '../../src/storage/object-storage.service';
import { eventually, startAlertStack } from './alert-stack';
import { sha256 } from './media';
import { bearer, TestApp } from './test-app';

export interface CustodyEvent {
  action: string;
  actorType: string;
  actorId: string | null;
  details: Record<string, unknown>;
}

/** A footage's chain of custody as the API shows it: its entries and whether their hashes hold. */
export interface CustodyChain {
  valid: boolean;
  events: CustodyEvent[];
}

/** The API and a real worker, as startAlertStack starts them, and the bucket footage goes to. */
export async function startFootageStack(overrides: Record<string, string> = {}): Promise<{
  t: TestApp;
  worker: INestApplicationContext;
  storage: ObjectStorage;
  close(): Promise<void>;
}> {
  const { api, worker, close } = await startAlertStack(overrides);
  return { t: api, worker, storage: api.app.get(ObjectStorage), close };
}

/** The footage's status as the database holds it; undefined when there is no such footage. */
export async function footageStatus(t: TestApp, id: string): Promise<string | undefined> {
  return (await t.db.query(`SELECT status FROM footage WHERE id = $1`, [id]))[0]?.status;
}

/** The key the footage's object has in the bucket. */
export async function footageObjectKey(t: TestApp, id: string): Promise<string> {
  return (await t.db.query(`SELECT object_key FROM footage WHERE id = $1`, [id]))[0].object_key;
}

/** The ids of the multipart uploads the bucket still holds open for footage. */
export async function pendingUploadIds(storage: ObjectStorage): Promise<string[]> {
  const ids: string[] = [];
  for await (const u of storage.pendingUploads('footage/')) ids.push(u.uploadId);
  return ids;
}

/**
 * The object under `key` is this MP4, whole: its size, type, the SHA-256 on its metadata and of
 * its bytes; and no multipart upload is left open beside it.
 */
export async function expectStoredAs(storage: ObjectStorage, key: string, file: Buffer) {
  expect(await storage.head(key)).toMatchObject({
    size: file.length,
    contentType: 'video/mp4',
    metadata: { sha256: sha256(file) },
  });
  expect(await storage.sha256Of(key)).toBe(sha256(file));
  expect(await pendingUploadIds(storage)).toEqual([]);
}

/** The footage's chain of custody, read through the API with this bearer token. */
export async function custodyOf(t: TestApp, token: string, id: string): Promise<CustodyChain> {
  return (await t.http().get(`/api/v1/footage/${id}/custody`).set(bearer(token))).body;
}

/** Uploads a file through the API with this bearer token, the form fields sent before the file. */
export function uploadFootage(
  t: TestApp,
  token: string,
  file: Buffer,
  name: string,
  fields: Record<string, string> = {},
) {
  const req = t.http().post('/api/v1/footage').set(bearer(token));
  for (const [k, v] of Object.entries(fields)) req.field(k, v);
  return req.attach('file', file, name);
}

/** Uploads a file as `uploadFootage` does, then waits for the worker to verify it; its id. */
export async function uploadVerified(
  t: TestApp,
  token: string,
  file: Buffer,
  name: string,
  fields: Record<string, string> = {},
): Promise<string> {
  const res = await uploadFootage(t, token, file, name, fields);
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  expect(
    await eventually(
      () => footageStatus(t, id),
      (s) => s === 'verified',
    ),
  ).toBe('verified');
  return id;
}
