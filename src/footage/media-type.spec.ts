import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { detectMedia } from './media-type';

const MP4_HEAD = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
const JPEG_HEAD = Buffer.from('ffd8ffe000104a46494600', 'hex');
/** A PNG's signature and header chunk; then an image-data chunk holds the rest (see `png`). */
const PNG_HEAD = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de',
  'hex',
);
const chunk = (type: string, data: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, Buffer.from(type), data, Buffer.alloc(4)]);
};
/** A PNG whose image data is `bytes` long (file-type walks the chunks, so they must be whole). */
const png = (bytes: number) =>
  Buffer.concat([PNG_HEAD, chunk('IDAT', randomBytes(bytes)), chunk('IEND', Buffer.alloc(0))]);

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The bytes in chunks of the given size, as a stream. */
const chunked = (bytes: Buffer, size: number) =>
  Readable.from(
    Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
      bytes.subarray(i * size, (i + 1) * size),
    ),
  );

async function passOn(source: Readable) {
  const detected = await detectMedia(source);
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(
    detected.bytes(),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done();
      },
    }),
  );
  return { sniffed: detected.sniffed, size, sha256: hash.digest('hex') };
}

describe('telling the media type from the first bytes', () => {
  it.each<[string, Buffer, number, unknown]>([
    [
      'an MP4 in one piece',
      Buffer.concat([MP4_HEAD, randomBytes(100_000)]),
      200_000,
      { ext: 'mp4' },
    ],
    ['an MP4 a byte at a time', Buffer.concat([MP4_HEAD, randomBytes(5_000)]), 1, { ext: 'mp4' }],
    [
      'an MP4 shorter than the sample',
      Buffer.concat([MP4_HEAD, randomBytes(100)]),
      7,
      { ext: 'mp4' },
    ],
    ['a JPEG photo', Buffer.concat([JPEG_HEAD, randomBytes(9_000)]), 4096, { ext: 'jpg' }],
    ['a PNG photo', png(9_000), 1000, { ext: 'png' }],
  ])('accepts %s and passes on every byte', async (_case, bytes, chunk, type) => {
    const result = await passOn(chunked(bytes, chunk));
    expect(result).toEqual({
      sniffed: { ok: true, type: expect.objectContaining(type) },
      size: bytes.length,
      sha256: sha(bytes),
    });
  });

  it.each<[string, Buffer, string]>([
    [
      'text named like a video',
      Buffer.from('not a video\n'.repeat(900)),
      'is not a recognised video or photo',
    ],
    [
      'a PDF',
      Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(9_000)]),
      'is application/pdf, which is not accepted',
    ],
    ['random bytes', randomBytes(50_000), 'is not a recognised video or photo'],
    ['a single byte', Buffer.from('x'), 'is not a recognised video or photo'],
    ['nothing at all', Buffer.alloc(0), 'is not a recognised video or photo'],
  ])('refuses %s, saying why', async (_case, bytes, reason) => {
    expect((await detectMedia(chunked(bytes, 1000))).sniffed).toEqual({ ok: false, reason });
  });

  it('reads a stream its owner had paused', async () => {
    const bytes = Buffer.concat([MP4_HEAD, randomBytes(20_000)]);
    const source = chunked(bytes, 1000);
    source.pause();
    expect(await passOn(source)).toMatchObject({ size: bytes.length, sha256: sha(bytes) });
  });

  it('fails, rather than waits for ever, on a stream destroyed before its end', async () => {
    const source = new Readable({ read() {} });
    source.push(MP4_HEAD);
    setTimeout(() => source.destroy(), 10);
    await expect(detectMedia(source)).rejects.toThrow('the stream closed before its end');
  });

  it('lets go of a refused stream by draining it, never failing it', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 1024;
        this.push(produced > 10_000_000 ? null : Buffer.alloc(1024, 0x20));
      },
    });
    const failures: unknown[] = [];
    endless.on('error', (error) => failures.push(error));
    const ended = new Promise((done) => endless.once('end', done));
    const detected = await detectMedia(endless);
    expect(detected.sniffed.ok).toBe(false);
    await detected.release();
    await ended;
    expect(failures).toEqual([]);
    expect(produced).toBeGreaterThan(10_000_000);
  });
});
