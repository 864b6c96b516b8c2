import { createHash, Hash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';

/**
 * Passes bytes through unchanged, hashing (SHA-256) and counting them on the way; with `expected`,
 * fails at the end when the digest or the byte count differs from it.
 */
export class HashingStream extends Transform {
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;
  sha256: string | null = null;

  constructor(private readonly expected?: { sha256: string; size: number; what: string }) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    this.sha256 = this.hash.digest('hex');
    const e = this.expected;
    if (e && (e.sha256 !== this.sha256 || e.size !== this.bytes))
      return done(
        new Error(
          `${e.what} does not match its record: ${this.bytes} bytes with SHA-256 ${this.sha256}, recorded ${e.size} bytes with ${e.sha256}`,
        ),
      );
    done();
  }
}
