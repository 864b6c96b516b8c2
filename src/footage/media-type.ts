import { fileTypeFromBuffer } from 'file-type';
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

/** The type the first bytes show, if it is one of the accepted ones; else why not. */
export async function sniffMedia(
  head: Buffer,
): Promise<{ ok: true; type: MediaType } | { ok: false; reason: string }> {
  const type = await fileTypeFromBuffer(head).catch(() => undefined);
  if (type && ACCEPTED_EXTENSIONS.has(type.ext)) return { ok: true, type };
  return {
    ok: false,
    reason: type ? `is ${type.mime}, which is not accepted` : 'is not a recognised video or photo',
  };
}

export function unsupportedMedia(field: string, reason: string): AppError {
  return new AppError(
    ErrorCode.UnsupportedMediaType,
    'Only video (MP4, MOV, WebM, MKV, AVI, MPEG-TS) and photos (JPEG, PNG, HEIC) are accepted',
    [{ field, message: reason }],
  );
}
