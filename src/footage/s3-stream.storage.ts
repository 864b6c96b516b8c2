import { Upload } from '@aws-sdk/lib-storage';
import type { Request } from 'express';
import { fileTypeFromBuffer } from 'file-type';
import { createHash, randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { StorageEngine } from 'multer';
import { AppError, ErrorCode } from '../common/app-error';
import { ObjectStorage } from '../storage/object-storage.service';

/** Video (MP4/MOV, WebM/MKV, AVI, MPEG-TS) and photos (JPEG, PNG, HEIC), recognised by their bytes. */
const ACCEPTED = new Set(['mp4', 'm4v', 'mov', 'webm', 'mkv', 'avi', 'mts', 'jpg', 'png', 'heic']);
/** Enough of the file's start for every accepted format's signature. */
const SNIFF_BYTES = 4100;

export interface StoredFile {
  key: string;
  size: number;
  sha256: string;
  contentType: string;
}

/** Part size that keeps a file under S3's 10,000 parts: 8 MiB, growing for files over ~78 GiB. */
export function partSizeFor(expectedBytes: number): number {
  const min = 8 * 1024 * 1024;
  return Math.max(min, Math.ceil(expectedBytes / 9000 / min) * min);
}

/**
 * Streams an uploaded file to the evidence bucket as it arrives, computing its SHA-256 and size on
 * the way; nothing is kept whole in memory or on disk. The first bytes decide the type; anything
 * not accepted is refused (415) before a byte is stored. Any failure — a refused type, the size
 * limit, the client going away — aborts the multipart upload, leaving nothing in the bucket.
 */
export class S3StreamStorage implements StorageEngine {
  constructor(
    private readonly storage: ObjectStorage,
    private readonly maxBytes: number,
  ) {}

  _handleFile(
    req: Request,
    file: Express.Multer.File,
    cb: (error?: unknown, info?: Partial<Express.Multer.File>) => void,
  ): void {
    const key = `footage/${new Date().toISOString().slice(0, 7)}/${randomUUID()}`;
    const hash = createHash('sha256');
    const body = new PassThrough();
    const head: Buffer[] = [];
    let headBytes = 0;
    let size = 0;
    let starting: Promise<void> | null = null;
    let ready = false;
    let settled = false;
    let upload: Upload | null = null;
    const source = file.stream;

    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      source.unpipe?.();
      source.resume();
      body.destroy();
      void upload?.abort().catch(() => undefined);
      cb(error);
    };

    // Decides the type from the first bytes, then opens the upload; chunks that arrive meanwhile
    // wait in `head`, so nothing is written before the type is known or out of order.
    const start = async (): Promise<void> => {
      source.pause();
      const type = await fileTypeFromBuffer(Buffer.concat(head)).catch(() => undefined);
      if (!type || !ACCEPTED.has(type.ext)) {
        return fail(
          new AppError(
            ErrorCode.UnsupportedMediaType,
            'Only video (MP4, MOV, WebM, MKV, AVI, MPEG-TS) and photos (JPEG, PNG, HEIC) are accepted',
            [
              {
                field: 'file',
                message: type
                  ? `is ${type.mime}, which is not accepted`
                  : 'is not a recognised video or photo',
              },
            ],
          ),
        );
      }
      if (settled) return;
      upload = new Upload({
        client: this.storage.client,
        params: { Bucket: this.storage.bucket, Key: key, Body: body, ContentType: type.mime },
        partSize: partSizeFor(this.maxBytes),
        queueSize: 2,
        leavePartsOnError: false,
      });
      upload.done().then(
        () => {
          if (settled) return;
          settled = true;
          cb(null, {
            size,
            mimetype: type.mime,
            path: key,
            sha256: hash.digest('hex'),
          } as Partial<Express.Multer.File>);
        },
        (error: unknown) => fail(error),
      );
      body.write(Buffer.concat(head));
      ready = true;
      source.resume();
    };
    const begin = () => (starting ??= start().catch(fail));

    source.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
      if (!ready) {
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes >= SNIFF_BYTES) void begin();
        return;
      }
      if (!body.write(chunk)) {
        source.pause();
        body.once('drain', () => source.resume());
      }
    });
    source.on('end', () => {
      void begin().then(() => {
        if (!settled) body.end();
      });
    });
    source.on('limit', () =>
      fail(
        new AppError(
          ErrorCode.PayloadTooLarge,
          `The file exceeds the limit of ${this.maxBytes} bytes`,
          [{ field: 'file', message: 'is too large' }],
        ),
      ),
    );
    source.on('error', fail);
    // A client that goes away mid-upload: abort, so no partial object or multipart upload remains.
    req.on('close', () => {
      if (!req.complete)
        fail(
          new AppError(ErrorCode.ValidationFailed, 'The upload was interrupted', [
            { field: 'file', message: 'was not received completely' },
          ]),
        );
    });
  }

  _removeFile(_req: Request, file: Express.Multer.File, cb: (error: Error | null) => void): void {
    this.storage.deleteObject(file.path).then(
      () => cb(null),
      (error: Error) => cb(error),
    );
  }
}
