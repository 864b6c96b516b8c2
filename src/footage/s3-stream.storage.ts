import { Upload } from '@aws-sdk/lib-storage';
import type { Request } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { StorageEngine } from 'multer';
import { AppError, ErrorCode } from '../common/app-error';
import { ObjectStorage, partSizeFor } from '../storage/object-storage.service';
import { sniffMedia, SNIFF_BYTES, unsupportedMedia } from './media-type';

export interface StoredFile {
  key: string;
  size: number;
  sha256: string;
  contentType: string;
  fileName: string | null;
}

/** The longest a refused upload waits for the store to abort before the refusal is answered. */
const CLEANUP_WAIT_MS = 30_000;

/** Object keys carry the month and a random id, never anything the uploader named. */
export const newObjectKey = () => `footage/${new Date().toISOString().slice(0, 7)}/${randomUUID()}`;

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
    const key = newObjectKey();
    const hash = createHash('sha256');
    const body = new PassThrough();
    // The upload reads the error from the stream itself; before it starts, nobody else listens.
    body.on('error', () => undefined);
    const head: Buffer[] = [];
    let headBytes = 0;
    let size = 0;
    let starting: Promise<void> | null = null;
    let ready = false;
    let settled = false;
    let upload: Upload | null = null;
    let finished: Promise<unknown> | null = null;
    let bodyEnded = false;
    const source = file.stream;

    // Ends the body with an error, so the store is never asked to complete a truncated object,
    // aborts the multipart upload, and answers only once that is done. Once the whole file has
    // been handed to the store, an abort could no longer stop the store from writing the object
    // (the request is already with it): then the upload is let finish, and the object deleted.
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      source.unpipe?.();
      source.resume();
      if (!bodyEnded) body.destroy(new Error('The upload was cancelled'));
      const cleanup = (async () => {
        if (!upload || !finished) return;
        if (!bodyEnded) await upload.abort().catch(() => undefined);
        const completed = await finished.then(
          () => true,
          () => false,
        );
        if (completed || bodyEnded) await this.storage.deleteObject(key).catch(() => undefined);
      })();
      const limit = new Promise((done) => setTimeout(done, CLEANUP_WAIT_MS).unref());
      void Promise.race([cleanup, limit]).then(() => cb(error));
    };

    // Decides the type from the first bytes, then opens the upload; chunks that arrive meanwhile
    // wait in `head`, so nothing is written before the type is known or out of order.
    const start = async (): Promise<void> => {
      source.pause();
      const sniffed = await sniffMedia(Buffer.concat(head));
      if (!sniffed.ok) return fail(unsupportedMedia('file', sniffed.reason));
      const { type } = sniffed;
      if (settled) return;
      upload = new Upload({
        client: this.storage.client,
        params: { ...this.storage.writeParams(key), Body: body, ContentType: type.mime },
        partSize: partSizeFor(this.maxBytes),
        queueSize: 2,
        leavePartsOnError: false,
      });
      finished = upload.done();
      finished.then(
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
        if (settled) return;
        bodyEnded = true;
        body.end();
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
