import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  S3Client,
  ServerSideEncryption,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { createS3Client, isS3Error, partSizeFor } from './s3-client';

/** S3 refuses single-request copies above 5 GiB; larger objects are copied part by part. */
export const SINGLE_COPY_MAX_BYTES = 5 * 1024 ** 3;

export interface ObjectHead {
  size: number;
  contentType: string | undefined;
  metadata: Record<string, string>;
}

export interface PendingUpload {
  key: string;
  uploadId: string;
  initiated: Date;
}

/** The evidence bucket. Every S3 call in the application goes through this class. */
@Injectable()
export class ObjectStorage implements OnApplicationShutdown {
  readonly client: S3Client;
  readonly bucket: string;
  /** Signs URLs for the address browsers and devices use, which may differ from the internal one. */
  private readonly presigner: S3Client;
  private readonly sse: ServerSideEncryption | undefined;

  constructor(config: AppConfig) {
    this.client = createS3Client(config.s3);
    this.presigner = config.s3.publicEndpoint
      ? createS3Client(config.s3, config.s3.publicEndpoint)
      : this.client;
    this.bucket = config.s3.bucket;
    this.sse =
      config.s3.serverSideEncryption === 'none'
        ? undefined
        : (config.s3.serverSideEncryption as ServerSideEncryption);
  }

  /** Parameters every object write carries: the bucket and the requested server-side encryption. */
  writeParams(key: string): {
    Bucket: string;
    Key: string;
    ServerSideEncryption?: ServerSideEncryption;
  } {
    return {
      Bucket: this.bucket,
      Key: key,
      ...(this.sse ? { ServerSideEncryption: this.sse } : {}),
    };
  }

  async checkBucket(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  async deleteObject(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** Size, type and user metadata of an object, or null when there is none under the key. */
  async head(key: string): Promise<ObjectHead | null> {
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        size: res.ContentLength ?? 0,
        contentType: res.ContentType,
        metadata: res.Metadata ?? {},
      };
    } catch (error) {
      if (isS3Error(error, 'NotFound', 'NoSuchKey')) return null;
      throw error;
    }
  }

  /**
   * A GET URL valid for `seconds`; the store serves HTTP Range requests on it for playback. With a
   * file name, the download is saved as an attachment of that name.
   */
  presignedGet(
    key: string,
    seconds: number,
    contentType: string,
    fileName?: string,
  ): Promise<string> {
    return getSignedUrl(
      this.presigner,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentType: contentType,
        ...(fileName ? { ResponseContentDisposition: `attachment; filename="${fileName}"` } : {}),
      }),
      { expiresIn: seconds },
    );
  }

  /** The object's bytes as a stream, never held whole in memory. */
  async read(key: string): Promise<Readable> {
    const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return res.Body as Readable;
  }

  /** Streams the object back and hashes it, without holding it in memory. */
  async sha256Of(key: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of await this.read(key)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  async startMultipart(
    key: string,
    contentType: string,
    metadata: Record<string, string>,
  ): Promise<string> {
    const res = await this.client.send(
      new CreateMultipartUploadCommand({
        ...this.writeParams(key),
        ContentType: contentType,
        Metadata: metadata,
      }),
    );
    if (!res.UploadId) throw new Error('The object store returned no upload id');
    return res.UploadId;
  }

  /** A URL a device PUTs one part to, straight into the bucket. */
  presignedPart(key: string, uploadId: string, partNumber: number, seconds: number) {
    return getSignedUrl(
      this.presigner,
      new UploadPartCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: uploadId,
        PartNumber: partNumber,
      }),
      { expiresIn: seconds },
    );
  }

  async completeMultipart(
    key: string,
    uploadId: string,
    parts: Array<{ partNumber: number; etag: string }>,
  ): Promise<void> {
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: {
          Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })),
        },
      }),
    );
  }

  /** Aborts an incomplete upload and frees its parts; one that is already gone is fine. */
  async abortMultipart(key: string, uploadId: string): Promise<void> {
    try {
      await this.client.send(
        new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }),
      );
    } catch (error) {
      if (!isS3Error(error, 'NoSuchUpload', 'NotFound')) throw error;
    }
  }

  /** Aborts every incomplete multipart upload of exactly this key. */
  async abortUploadsOf(key: string): Promise<void> {
    for await (const upload of this.pendingUploads(key))
      if (upload.key === key) await this.abortMultipart(key, upload.uploadId);
  }

  /** Incomplete multipart uploads under a prefix, page by page. */
  async *pendingUploads(prefix: string): AsyncGenerator<PendingUpload> {
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const res = await this.client.send(
        new ListMultipartUploadsCommand({
          Bucket: this.bucket,
          Prefix: prefix,
          KeyMarker: keyMarker,
          UploadIdMarker: uploadIdMarker,
        }),
      );
      for (const u of res.Uploads ?? []) {
        if (u.Key && u.UploadId)
          yield { key: u.Key, uploadId: u.UploadId, initiated: u.Initiated ?? new Date(0) };
      }
      keyMarker = res.IsTruncated ? res.NextKeyMarker : undefined;
      uploadIdMarker = res.IsTruncated ? res.NextUploadIdMarker : undefined;
    } while (keyMarker);
  }

  /**
   * Replaces the object's user metadata, keeping its bytes: a copy onto itself, in one request up to
   * 5 GiB and part by part above (S3 has no other way to change metadata after the upload).
   */
  async replaceMetadata(
    key: string,
    size: number,
    contentType: string,
    metadata: Record<string, string>,
    singleCopyMax = SINGLE_COPY_MAX_BYTES,
  ): Promise<void> {
    const source = `${this.bucket}/${key}`;
    if (size <= singleCopyMax) {
      await this.client.send(
        new CopyObjectCommand({
          ...this.writeParams(key),
          CopySource: encodeURI(source),
          MetadataDirective: 'REPLACE',
          ContentType: contentType,
          Metadata: metadata,
        }),
      );
      return;
    }
    const uploadId = await this.startMultipart(key, contentType, metadata);
    try {
      const partSize = Math.max(partSizeFor(size), Math.ceil(size / 10000));
      const parts: Array<{ partNumber: number; etag: string }> = [];
      for (let start = 0, n = 1; start < size; start += partSize, n++) {
        const end = Math.min(size, start + partSize) - 1;
        const res = await this.client.send(
          new UploadPartCopyCommand({
            Bucket: this.bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: n,
            CopySource: encodeURI(source),
            CopySourceRange: `bytes=${start}-${end}`,
          }),
        );
        parts.push({ partNumber: n, etag: res.CopyPartResult?.ETag ?? '' });
      }
      await this.completeMultipart(key, uploadId, parts);
    } catch (error) {
      await this.abortMultipart(key, uploadId).catch(() => undefined);
      throw error;
    }
  }

  onApplicationShutdown(): void {
    this.client.destroy();
    if (this.presigner !== this.client) this.presigner.destroy();
  }
}
