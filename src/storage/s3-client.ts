import { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/**
 * The SDK's own advisories (its warnings) as the process's JSON log lines. Its per-request info
 * and error records are dropped: they carry the request's input, and a failed request reaches
 * its caller, which decides what is worth logging.
 */
const sdkLog = new Logger('S3');
const sdkLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message: unknown) =>
    sdkLog.warn({ msg: typeof message === 'string' ? message : 'S3 client warning' }),
  error: () => undefined,
};

export function createS3Client(config: AppConfig['s3'], endpoint = config.endpoint): S3Client {
  return new S3Client({
    logger: sdkLogger,
    endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // The SDK's default checksums use aws-chunked framing that some S3-compatible stores
    // keep inside the object; request them only where the operation needs one.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Part size that keeps a file under S3's 10,000 parts: 8 MiB, growing for files over ~70 GiB. */
export function partSizeFor(expectedBytes: number): number {
  const min = 8 * 1024 * 1024;
  return Math.max(min, Math.ceil(expectedBytes / 9000 / min) * min);
}

export const isS3Error = (error: unknown, ...names: string[]): error is S3ServiceException =>
  error instanceof S3ServiceException && names.includes(error.name);
