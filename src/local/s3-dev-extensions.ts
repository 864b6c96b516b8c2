import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';

/** The parts of s3rver's filesystem store and Koa application the additions below use. */
interface S3rverStore {
  deleteObject(bucket: string, key: string): Promise<void>;
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  getObject(
    bucket: string,
    key: string,
    options?: { start?: number; end?: number },
  ): Promise<{ content: Readable | null; metadata: Record<string, string> } | null>;
  putPart(
    bucket: string,
    uploadId: string,
    partNumber: number,
    content: Readable,
  ): Promise<{ size: number; md5: string }>;
  putMetadata(bucket: string, key: string, metadata: unknown, md5: string): Promise<void>;
  putObjectMultipart(
    bucket: string,
    uploadId: string,
    parts: Array<{ number: number; etag: string }>,
  ): Promise<{ size: number; md5: string }>;
}
interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  headers: Record<string, string | undefined>;
  status: number;
  body: unknown;
  req: Readable;
}
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;
export interface S3rverApp {
  store: S3rverStore;
  middleware: Middleware[];
}

const s3Error = (ctx: KoaContext, status: number, code: string, message: string) => {
  ctx.status = status;
  ctx.body = { Error: { Code: code, Message: message } };
};

/**
 * The development S3 server lacks three multipart operations that the evidence store relies on:
 * listing incomplete multipart uploads, aborting one, and copying a byte range of an object into a
 * part (UploadPartCopy, for re-writing metadata of objects over 5 GiB). They are added here, on top
 * of s3rver's own filesystem store, ahead of its router. It also checks a completion's parts the
 * way S3 does (`InvalidPart` for a part it does not hold or whose ETag differs, `NoSuchUpload`),
 * where s3rver itself never answers. The server listens on loopback only and these routes, like
 * the rest of a development setup, do not check signatures.
 */
export function addMultipartOperations(app: S3rverApp): void {
  const { store } = app;
  const uploadsDir = (bucket: string) => store.getResourcePath(bucket, undefined, 'uploads');

  const handler: Middleware = async (ctx, next) => {
    const [, bucket, ...rest] = ctx.path.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    const uploadId = ctx.query.uploadId;
    if (ctx.method === 'GET' && bucket && !key && 'uploads' in ctx.query) {
      return listUploads(ctx, bucket, ctx.query.prefix ?? '');
    }
    if (ctx.method === 'DELETE' && bucket && key && uploadId) {
      if (!/^[0-9a-f]+$/.test(uploadId)) return s3Error(ctx, 404, 'NoSuchUpload', 'No such upload');
      const dir = join(uploadsDir(bucket), uploadId);
      const exists = await stat(dir).then(
        () => true,
        () => false,
      );
      if (!exists) return s3Error(ctx, 404, 'NoSuchUpload', 'No such upload');
      await rm(dir, { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    if (ctx.method === 'POST' && bucket && key && uploadId) {
      return checkCompletion(ctx, bucket, uploadId, next);
    }
    if (ctx.method === 'PUT' && bucket && key && uploadId && ctx.headers['x-amz-copy-source']) {
      return copyPart(ctx, bucket, uploadId);
    }
    return next();
  };

  async function listUploads(ctx: KoaContext, bucket: string, prefix: string) {
    const dir = uploadsDir(bucket);
    const ids = await readdir(dir).catch(() => [] as string[]);
    const uploads: Array<{ Key: string; UploadId: string; Initiated: string }> = [];
    for (const id of ids) {
      const key = await readFile(join(dir, id, 'key'), 'utf8').catch(() => null);
      if (key === null || !key.startsWith(prefix)) continue;
      const { birthtime, mtime } = await stat(join(dir, id, 'key'));
      const initiated = birthtime.getTime() > 0 ? birthtime : mtime;
      uploads.push({ Key: key, UploadId: id, Initiated: initiated.toISOString() });
    }
    ctx.body = {
      ListMultipartUploadsResult: {
        Bucket: bucket,
        Prefix: prefix,
        MaxUploads: 1000,
        IsTruncated: false,
        ...(uploads.length ? { Upload: uploads } : {}),
      },
    };
  }

  async function checkCompletion(
    ctx: KoaContext,
    bucket: string,
    uploadId: string,
    next: () => Promise<void>,
  ) {
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
    const xml = Buffer.concat(chunks);
    const dir = join(uploadsDir(bucket), /^[0-9a-f]+$/.test(uploadId) ? uploadId : '-');
    const open = await stat(join(dir, 'key')).then(
      () => true,
      () => false,
    );
    if (!open) return s3Error(ctx, 404, 'NoSuchUpload', 'No such upload');
    for (const [, part] of xml.toString('utf8').matchAll(/<Part>([\s\S]*?)<\/Part>/g)) {
      const partNumber = /<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(part)?.[1];
      const etag = (/<ETag>([\s\S]*?)<\/ETag>/.exec(part)?.[1] ?? '').replace(/&quot;|"/g, '');
      const held = partNumber
        ? await readFile(join(dir, `${Number(partNumber)}.md5`), 'utf8').catch(() => null)
        : null;
      if (held === null || held !== etag)
        return s3Error(
          ctx,
          400,
          'InvalidPart',
          'One or more of the specified parts could not be found or its entity tag did not match',
        );
    }
    // s3rver reads the body itself: hand it the same bytes.
    ctx.req = Readable.from([xml]);
    return next();
  }

  async function copyPart(ctx: KoaContext, bucket: string, uploadId: string) {
    const source = decodeURIComponent(ctx.headers['x-amz-copy-source'] ?? '').replace(/^\//, '');
    const [sourceBucket, ...sourceKey] = source.split('/');
    const range = /^bytes=(\d+)-(\d+)$/.exec(ctx.headers['x-amz-copy-source-range'] ?? '');
    const object = await store.getObject(
      sourceBucket,
      sourceKey.join('/'),
      range ? { start: Number(range[1]), end: Number(range[2]) } : undefined,
    );
    if (!object?.content) return s3Error(ctx, 404, 'NoSuchKey', 'The source object does not exist');
    const { md5 } = await store.putPart(
      bucket,
      uploadId,
      Number(ctx.query.partNumber),
      object.content,
    );
    ctx.body = {
      CopyPartResult: { ETag: JSON.stringify(md5), LastModified: new Date().toISOString() },
    };
  }

  keepFolders(app.store);
  completeByMoving(app.store);
  // s3rver registers its router last; the additions go just before it.
  app.middleware.splice(app.middleware.length - 1, 0, handler);
}

/**
 * s3rver removes a folder when its last object is deleted, racing any write into that folder at
 * the same moment: the write's file then cannot be opened and the unhandled stream error ends the
 * whole server. Deleting an object here removes its files only; an empty folder costs nothing.
 */
function keepFolders(store: S3rverStore): void {
  store.deleteObject = async (bucket, key) => {
    await Promise.all(
      ['object', 'object.md5', 'metadata.json'].map((resource) =>
        rm(store.getResourcePath(bucket, key, resource), { force: true }),
      ),
    );
  };
}

/**
 * s3rver completes a multipart upload by reading every part back into a new file and hashing it
 * whole; S3 completes without copying. An upload of one part (most recordings a dock sends) is
 * completed here by moving that part into place, with the part's MD5 as the object's, which is
 * what s3rver's copy would compute. Uploads of several parts keep s3rver's assembly.
 */
function completeByMoving(store: S3rverStore): void {
  const assemble = store.putObjectMultipart.bind(store);
  store.putObjectMultipart = async (bucket, uploadId, parts) => {
    if (parts.length !== 1) return assemble(bucket, uploadId, parts);
    const dir = join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
    const [key, metadata, md5] = await Promise.all([
      readFile(join(dir, 'key'), 'utf8'),
      readFile(join(dir, 'metadata'), 'utf8').then((text) => JSON.parse(text) as unknown),
      readFile(join(dir, `${parts[0].number}.md5`), 'utf8'),
    ]);
    const objectPath = store.getResourcePath(bucket, key, 'object');
    await mkdir(dirname(objectPath), { recursive: true });
    await rename(join(dir, String(parts[0].number)), objectPath);
    const { size } = await stat(objectPath);
    await store.putMetadata(bucket, key, metadata, md5);
    await rm(dir, { recursive: true, force: true });
    return { size, md5 };
  };
}
