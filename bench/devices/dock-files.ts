import { createHash, randomBytes } from 'node:crypto';

export const MIB = 1024 * 1024;
/** An MP4's `ftyp` box, as cameras write it: the worker's check of the media type reads it. */
const FTYP = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
const NONCE_BYTES = 16;

/** One recording a dock holds: its bytes as views into a shared pool, and their SHA-256. */
export interface DockFile {
  size: number;
  sha256: string;
  segments: Buffer[];
}

/**
 * Recordings of `meanMiB` on average, from half to one and a half times that: an MP4 header, a
 * nonce (so no two files are alike) and a slice of one random pool, never copied.
 */
export class DockFiles {
  private readonly pool: Buffer;

  constructor(
    private readonly meanMiB: number,
    private readonly random: () => number,
  ) {
    this.pool = randomBytes(Math.ceil(1.5 * meanMiB * MIB));
  }

  next(): DockFile {
    const size = Math.max(
      FTYP.length + NONCE_BYTES + 1,
      Math.round(this.meanMiB * MIB * (0.5 + this.random())),
    );
    const body = size - FTYP.length - NONCE_BYTES;
    const offset = Math.floor(this.random() * (this.pool.length - body));
    const segments = [FTYP, randomBytes(NONCE_BYTES), this.pool.subarray(offset, offset + body)];
    const hash = createHash('sha256');
    for (const segment of segments) hash.update(segment);
    return { size, sha256: hash.digest('hex'), segments };
  }
}

/** The views of `file`'s bytes from `start` up to `end`, in order, without copying. */
export function byteRange(file: DockFile, start: number, end: number): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (const segment of file.segments) {
    const from = Math.max(start, at);
    const to = Math.min(end, at + segment.length);
    if (from < to) out.push(segment.subarray(from - at, to - at));
    at += segment.length;
  }
  return out;
}
