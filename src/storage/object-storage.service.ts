import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

export function createS3Client(config: AppConfig['s3']): S3Client {
  return new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // The SDK's default checksums use aws-chunked framing that some S3-compatible stores
    // keep inside the object; request them only where the operation needs one.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** The evidence bucket. Every S3 call in the application goes through this class. */
@Injectable()
export class ObjectStorage implements OnApplicationShutdown {
  readonly client: S3Client;
  readonly bucket: string;

  constructor(config: AppConfig) {
    this.client = createS3Client(config.s3);
    this.bucket = config.s3.bucket;
  }

  async checkBucket(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  async deleteObject(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** A GET URL valid for `seconds`; the store serves HTTP Range requests on it for playback. */
  presignedGet(key: string, seconds: number, contentType: string): Promise<string> {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentType: contentType }),
      {
        expiresIn: seconds,
      },
    );
  }

  /** Streams the object back and hashes it, without holding it in memory. */
  async sha256Of(key: string): Promise<string> {
    const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const hash = createHash('sha256');
    for await (const chunk of res.Body as Readable) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  onApplicationShutdown(): void {
    this.client.destroy();
  }
}
