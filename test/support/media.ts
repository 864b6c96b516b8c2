import { createHash, randomBytes } from 'node:crypto';

/** An MP4 as cameras write it: an `ftyp` box, then media data. */
export function mp4(bytes: number): Buffer {
  const ftyp = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
  return Buffer.concat([ftyp, randomBytes(bytes - ftyp.length)]);
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
