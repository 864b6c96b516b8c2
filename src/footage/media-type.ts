import { fileTypeFromBuffer } from 'file-type';
import { Readable } from 'node:stream';
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
 * Reads the stream's first `bytes` bytes (all of a shorter stream) and puts them back, so that the
 * stream itself, unchanged, is what gets piped on: no extra stream sits in the path of every byte.
 */
function peek(
  source: Readable,
  bytes: number,
  signal?: AbortSignal,
): Promise<{ head: Buffer; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const detach = () => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
      source.off('close', onClose);
      signal?.removeEventListener('abort', onAbort);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size < bytes) return;
      source.pause();
      detach();
      const head = Buffer.concat(chunks);
      source.unshift(head);
      resolve({ head, ended: false });
    };
    const onEnd = () => {
      detach();
      resolve({ head: Buffer.concat(chunks), ended: true });
    };
    const onError = (error: Error) => {
      detach();
      reject(error);
    };
    const onClose = () => {
      detach();
      reject(new Error('the stream closed before its end'));
    };
    const onAbort = () => {
      source.pause();
      detach();
      reject(signal?.reason);
    };
    if (signal?.aborted) return reject(signal.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    source.on('end', onEnd);
    source.on('error', onError);
    source.on('close', onClose);
    source.on('data', onData);
    source.resume();
  });
}

/**
 * The type file-type finds in a file's first bytes; none when they end before it can tell, or
 * when they are malformed enough to fail its detectors (refused as unrecognised, not a 500).
 */
async function typeOf(head: Buffer): Promise<MediaType | undefined> {
  try {
    return await fileTypeFromBuffer(head.subarray(0, SNIFF_BYTES));
  } catch {
    return undefined;
  }
}

/**
 * Reads the first bytes of a stream to tell its type, and hands back a stream of every byte,
 * those first ones included, to pipe on: the source itself, with the bytes read put back.
 * `release` lets go of a stream that will not be read on: the source is drained, never destroyed
 * with an error (an upload refused for its type is answered 415, not failed by its own stream).
 */
export async function detectMedia(
  source: Readable,
  signal?: AbortSignal,
): Promise<{ sniffed: Sniffed; bytes: () => Readable; release: () => Promise<void> }> {
  const { head, ended } = await peek(source, SNIFF_BYTES, signal);
  return {
    sniffed: acceptedMedia(await typeOf(head)),
    bytes: () => (ended ? Readable.from([head], { objectMode: false }) : source),
    release: () => {
      source.resume();
      return Promise.resolve();
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
