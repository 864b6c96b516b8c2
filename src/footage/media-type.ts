import { fileTypeStream } from 'file-type';
import { Readable } from 'node:stream';
import { ReadableStream } from 'node:stream/web';
import { AppError, ErrorCode } from '../common/app-error';

/** Video (MP4/MOV, WebM/MKV, AVI, MPEG-TS) and photos (JPEG, PNG, HEIC), recognised by their bytes. */
const ACCEPTED_EXTENSIONS = new Set([
  'mp4',
  'm4v',
  'mov',
  'webm',
  'mkv',
  'avi',
  'mts',
  'jpg',
  'png',
  'heic',
]);

/** The content types a device may declare for a direct upload; the bytes are checked afterwards. */
export const ACCEPTED_CONTENT_TYPES = [
  'video/mp4',
  'video/x-m4v',
  'video/quicktime',
  'video/webm',
  'video/x-matroska',
  'video/vnd.avi',
  'video/x-msvideo',
  'video/mp2t',
  'image/jpeg',
  'image/png',
  'image/heic',
] as const;

/** Enough of the file's start for every accepted format's signature. */
export const SNIFF_BYTES = 4100;

export type MediaType = { ext: string; mime: string };

export type Sniffed = { ok: true; type: MediaType } | { ok: false; reason: string };

/** Whether a detected type is one of the accepted ones, and why not. */
export function acceptedMedia(type: MediaType | undefined): Sniffed {
  if (type && ACCEPTED_EXTENSIONS.has(type.ext)) return { ok: true, type };
  return {
    ok: false,
    reason: type ? `is ${type.mime}, which is not accepted` : 'is not a recognised video or photo',
  };
}

/**
 * Reads the first bytes of a stream to tell its type (file-type's detection stream), and hands
 * back a stream of every byte, those first ones included, to pipe on. `release` lets go of a
 * stream that will not be read on: the source is drained, never destroyed with an error (an upload
 * refused for its type is answered 415, not failed by its own stream).
 *
 * The source is read through its async iterator rather than `Readable.toWeb`, whose adapter on
 * Node 20 throws an uncaught ERR_INVALID_STATE when the web stream is cancelled while the source
 * still has data to hand (nodejs/node#64529).
 */
export async function detectMedia(
  source: Readable,
  signal?: AbortSignal,
): Promise<{ sniffed: Sniffed; bytes: () => Readable; release: () => Promise<void> }> {
  const web = ReadableStream.from(
    source.iterator({ destroyOnReturn: false }) as AsyncIterable<Uint8Array>,
  );
  const detected = await fileTypeStream(web as unknown as globalThis.ReadableStream<Uint8Array>, {
    sampleSize: SNIFF_BYTES,
    signal,
  });
  return {
    sniffed: acceptedMedia(detected.fileType),
    bytes: () => Readable.fromWeb(detected as unknown as ReadableStream<Uint8Array>),
    release: async () => {
      await (detected as globalThis.ReadableStream<Uint8Array>).cancel().catch(() => undefined);
      source.resume();
    },
  };
}

export function unsupportedMedia(field: string, reason: string): AppError {
  return new AppError(
    ErrorCode.UnsupportedMediaType,
    'Only video (MP4, MOV, WebM, MKV, AVI, MPEG-TS) and photos (JPEG, PNG, HEIC) are accepted',
    [{ field, message: reason }],
  );
}
