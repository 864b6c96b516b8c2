import type { Request } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StorageEngine } from 'multer';
import { AppError, ErrorCode } from '../common/app-error';
import { ObjectStorage } from '../storage/object-storage.service';
import { partSizeFor } from '../storage/s3-client';
import { StreamedUpload } from '../storage/streamed-upload';
import { detectMedia, unsupportedMedia } from './media-type';

export interface StoredFile {
  key: string;
  size: number;
  sha256: string;
  contentType: string;
  fileName: string | null;
}

/** The longest a refused upload waits for the store to abort before the refusal is answered. */
const CLEANUP_WAIT_MS = 30_000;
/**
 * When the store did not answer the abort, it may still hold the upload's parts or object:
 * cleaning up is tried again with growing pauses (1 s doubling to a minute, about 15 minutes in
 * all) until it answers. The stale-upload sweep removes whatever a restart of the API leaves.
 */
const LATER_CLEANUP_TRIES = 20;

/** A failure of the store (down, unreachable, answering errors) rather than of the upload. */
const storeUnavailable = () =>
  new AppError(
    ErrorCode.ServiceUnavailable,
    'The evidence storage is unavailable; nothing was stored. Send the file again shortly.',
    [],
    { 'Retry-After': '10' },
  );

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
    const stop = new AbortController();
    const refuse = (error: AppError) => {
      if (!stop.signal.aborted) stop.abort(error);
    };
    file.stream.on('limit', () =>
      refuse(
        new AppError(
          ErrorCode.PayloadTooLarge,
          `The file exceeds the limit of ${this.maxBytes} bytes`,
          [{ field: 'file', message: 'is too large' }],
        ),
      ),
    );
    // A client that goes away mid-upload: abort, so no partial object or multipart upload remains.
    req.on('close', () => {
      if (!req.complete)
        refuse(
          new AppError(ErrorCode.ValidationFailed, 'The upload was interrupted', [
            { field: 'file', message: 'was not received completely' },
          ]),
        );
    });
    this.store(file.stream, stop.signal).then(
      (stored) => cb(null, stored as Partial<Express.Multer.File>),
      (error: unknown) => {
        // Whatever of the file is still to come is read and dropped, as multer expects.
        file.stream.resume();
        cb(stop.signal.aborted ? (stop.signal.reason as unknown) : error);
      },
    );
  }

  /** Detects the type, then pipes every byte through the hash into a multipart upload. */
  private async store(source: Readable, signal: AbortSignal) {
    const detected = await detectMedia(source, signal);
    if (!detected.sniffed.ok) {
      await detected.release();
      throw unsupportedMedia('file', detected.sniffed.reason);
    }
    const { type } = detected.sniffed;
    const key = newObjectKey();
    const hash = createHash('sha256');
    let size = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    const upload = new StreamedUpload(
      this.storage.client,
      { ...this.storage.writeParams(key), ContentType: type.mime },
      partSizeFor(this.maxBytes),
    );
    try {
      // A failure fails the upload's sink, so the store is never asked to complete a truncated
      // object; a store that fails mid-upload fails it too, stopping the pipeline at once. The
      // file's own stream is read, never destroyed: the form parser must see it drained, or the
      // store's error would reach the client in place of the refusal decided here.
      await pipeline(detected.bytes().iterator({ destroyOnReturn: false }), counted, upload.sink, {
        signal,
      });
    } catch (error) {
      const storeError = upload.storeFailed && !signal.aborted;
      await this.cleanUp(upload, key);
      if (!storeError) throw error;
      throw storeUnavailable();
    }
    return { size, mimetype: type.mime, path: key, sha256: hash.digest('hex') };
  }

  /**
   * Aborts the upload (its parts, or the object should it have been completed) and answers only
   * once that is done, or after a bounded wait. Should the store not answer, it is tried again later.
   */
  private async cleanUp(upload: StreamedUpload, key: string): Promise<void> {
    const limit = new Promise((done) => setTimeout(done, CLEANUP_WAIT_MS).unref());
    await Promise.race([upload.abort().catch(() => this.abortLater(key, 0)), limit]);
  }

  /** Aborts the key's multipart upload, and deletes any object under it, once the store answers again. */
  private abortLater(key: string, tried: number): void {
    if (tried >= LATER_CLEANUP_TRIES) return;
    const pause = Math.min(60_000, 1000 * 2 ** tried);
    setTimeout(() => {
      this.storage
        .abortUploadsOf(key)
        .then(() => this.storage.deleteObject(key))
        .catch(() => this.abortLater(key, tried + 1));
    }, pause).unref();
  }

  _removeFile(_req: Request, file: Express.Multer.File, cb: (error: Error | null) => void): void {
    this.storage.deleteObject(file.path).then(
      () => cb(null),
      (error: Error) => cb(error),
    );
  }
}
