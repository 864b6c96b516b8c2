import {
  AbortMultipartUploadCommand,
  CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  S3Client,
  ServerSideEncryption,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createHash, Hash } from 'node:crypto';
import { Writable } from 'node:stream';

/** The first part's buffer starts this small and doubles, so a photo never takes a whole part's memory. */
const FIRST_BUFFER_BYTES = 256 * 1024;

export interface UploadTarget {
  Bucket: string;
  Key: string;
  ContentType: string;
  ServerSideEncryption?: ServerSideEncryption;
}

/** One part being filled: its bytes copied into a buffer of its own, their SHA-256 computed on the way. */
interface Part {
  number: number;
  buffer: Buffer;
  size: number;
  hash: Hash;
}

type Handler = (args: { request: unknown }) => Promise<unknown>;
/** The one form of the SDK's middleware stack used here: a step that adjusts the request. */
interface BuildStack {
  add(middleware: (next: Handler) => Handler, options: { step: 'build'; name: string }): void;
}

/**
 * A command whose request carries the payload's SHA-256, computed while the bytes came in: the
 * signature covers the payload, so the store refuses bytes changed on the way, and the SDK does
 * not read the part once more to hash it.
 */
function signedWith<C extends PutObjectCommand | UploadPartCommand>(command: C, sha256: string): C {
  (command.middlewareStack as unknown as BuildStack).add(
    (next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-amz-content-sha256'] =
        sha256;
      return next(args);
    },
    { step: 'build', name: 'knownPayloadSha256' },
  );
  return command;
}

/**
 * Stores what is written to `sink` as one object, part by part. The bytes are copied into part
 * buffers that are used again once their part is taken, so a long upload allocates a handful of
 * buffers rather than one per part, and what arrived from the network is let go at once: memory
 * stays near `concurrency + 1` parts whatever the size, and the collector is not kept busy by
 * buffers that outlive it. Up to `concurrency` parts are sent while the next one fills; writing
 * waits while they are all busy. A file that fits in one part is one `PutObject`. The SDK sends a
 * request the store failed (a 500, a reset connection) again, as it does any; a failure that
 * persists fails the sink at once. `abort()` leaves nothing behind: the multipart upload is
 * aborted, or the object deleted should the store have made it.
 */
export class StreamedUpload {
  readonly sink: Writable;
  /** Whether the failure that stopped the upload was the store's rather than the writer's. */
  storeFailed = false;
  private readonly stop = new AbortController();
  private uploadId?: Promise<string>;
  private current: Part;
  /** Buffers of parts already taken by the store, to fill again. */
  private readonly free: Buffer[] = [];
  private readonly sending = new Set<Promise<void>>();
  private readonly parts: CompletedPart[] = [];
  /** The request that makes the object: the single `PutObject`, or completing the parts. */
  private final?: Promise<unknown>;

  constructor(
    private readonly s3: S3Client,
    private readonly target: UploadTarget,
    private readonly partSize: number,
    private readonly concurrency = 2,
  ) {
    this.current = this.newPart(1, Buffer.allocUnsafe(Math.min(FIRST_BUFFER_BYTES, partSize)));
    this.sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => this.take(chunk).then(() => done(), done),
      final: (done) => this.finish().then(() => done(), done),
      destroy: (error, done) => {
        if (error) this.stop.abort(error);
        done(error);
      },
    });
  }

  /**
   * Stops whatever is in flight and leaves nothing in the bucket: no parts, no object. The final
   * request (the single `PutObject`, or completing the parts) is not cut off but waited for; once
   * it was sent the object is deleted whatever its answer said, since a store may have made the
   * object and lost the answer.
   */
  async abort(): Promise<void> {
    this.stop.abort(new Error('the upload was abandoned'));
    await Promise.allSettled([...this.sending]);
    const finalSent = this.final !== undefined;
    await this.final?.catch(() => undefined);
    const uploadId = await this.uploadId?.catch(() => undefined);
    if (uploadId)
      await this.s3
        .send(new AbortMultipartUploadCommand({ ...this.key(), UploadId: uploadId }))
        .catch((error: unknown) => {
          // Once completed, the upload is gone: the object is deleted below instead.
          if (!finalSent) throw error;
        });
    if (finalSent) await this.s3.send(new DeleteObjectCommand(this.key()));
  }

  private key() {
    return { Bucket: this.target.Bucket, Key: this.target.Key };
  }

  private newPart(number: number, buffer: Buffer): Part {
    return { number, buffer, size: 0, hash: createHash('sha256') };
  }

  private async take(chunk: Buffer): Promise<void> {
    while (chunk.length > 0) {
      this.stop.signal.throwIfAborted();
      const part = this.current;
      const room = this.partSize - part.size;
      const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
      chunk = chunk.subarray(piece.length);
      if (part.size + piece.length > part.buffer.length) {
        // Only the first part grows; the later ones start full size.
        let length = part.buffer.length * 2;
        while (length < part.size + piece.length) length *= 2;
        const grown = Buffer.allocUnsafe(Math.min(length, this.partSize));
        part.buffer.copy(grown, 0, 0, part.size);
        part.buffer = grown;
      }
      piece.copy(part.buffer, part.size);
      part.size += piece.length;
      part.hash.update(piece);
      if (part.size === this.partSize) {
        this.current = this.newPart(
          part.number + 1,
          this.free.pop() ?? Buffer.allocUnsafe(this.partSize),
        );
        this.launch(part);
        while (this.sending.size >= this.concurrency) await Promise.race(this.sending);
      }
    }
  }

  /** Sends a part in the background; a failure that persists fails the sink at once. */
  private launch(part: Part): void {
    const sent = this.sendPart(part).then(
      () => {
        this.sending.delete(sent);
        if (part.buffer.length === this.partSize) this.free.push(part.buffer);
      },
      (error: unknown) => {
        this.sending.delete(sent);
        if (!this.stop.signal.aborted) {
          this.storeFailed = true;
          this.sink.destroy(error as Error);
        }
      },
    );
    this.sending.add(sent);
  }

  private async finish(): Promise<void> {
    const part = this.current;
    if (!this.uploadId) {
      // Everything fits in one part: a single request.
      this.final = this.storeCall(() =>
        this.s3.send(
          signedWith(
            new PutObjectCommand({
              ...this.target,
              ContentLength: part.size,
              Body: part.buffer.subarray(0, part.size),
            }),
            part.hash.digest('hex'),
          ),
        ),
      );
      await this.final;
      return;
    }
    if (part.size > 0) this.launch(part);
    while (this.sending.size > 0) await Promise.race(this.sending);
    this.stop.signal.throwIfAborted();
    const uploadId = await this.uploadId;
    const parts = [...this.parts].sort((a, b) => a.PartNumber! - b.PartNumber!);
    this.final = this.storeCall(() =>
      this.s3.send(
        new CompleteMultipartUploadCommand({
          ...this.key(),
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
        }),
      ),
    );
    await this.final;
  }

  private async sendPart(part: Part): Promise<void> {
    // Not cut off by an abort: the store may make the upload anyway, and its id is what aborts it.
    this.uploadId ??= this.s3
      .send(new CreateMultipartUploadCommand(this.target))
      .then((created) => created.UploadId!);
    const uploadId = await this.uploadId;
    const { ETag } = await this.s3.send(
      signedWith(
        new UploadPartCommand({
          ...this.key(),
          UploadId: uploadId,
          PartNumber: part.number,
          ContentLength: part.size,
          Body: part.buffer.subarray(0, part.size),
        }),
        part.hash.digest('hex'),
      ),
      { abortSignal: this.stop.signal },
    );
    this.parts.push({ PartNumber: part.number, ETag });
  }

  /** The request that makes the object; its failure is the store's. */
  private async storeCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!this.stop.signal.aborted) this.storeFailed = true;
      throw error;
    }
  }
}
