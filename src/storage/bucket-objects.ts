import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { AppConfig } from '../config/app-config';
import { ObjectStorage } from './object-storage.service';
import { partSizeFor } from './s3-client';

export interface StoredObject {
  key: string;
  size: number;
}

export interface ObjectDownload {
  body: Readable;
  size: number;
  contentType: string | undefined;
  metadata: Record<string, string>;
}

/** The bucket as a whole, for copying it out and back in (backup and restore). */
export class BucketObjects {
  constructor(private readonly storage: ObjectStorage) {}

  /** For commands that need the store alone: it reads nothing but its own settings. */
  static fromSettings(s3: AppConfig['s3']): BucketObjects {
    return new BucketObjects(new ObjectStorage({ s3 } as AppConfig));
  }

  close(): void {
    this.storage.onApplicationShutdown();
  }

  get bucket(): string {
    return this.storage.bucket;
  }

  /** Every object of the bucket, page by page. */
  async *list(maxKeys = 1000): AsyncGenerator<StoredObject> {
    let token: string | undefined;
    do {
      const res = await this.storage.client.send(
        new ListObjectsV2Command({
          Bucket: this.storage.bucket,
          ContinuationToken: token,
          MaxKeys: maxKeys,
        }),
      );
      for (const o of res.Contents ?? []) if (o.Key) yield { key: o.Key, size: o.Size ?? 0 };
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
  }

  async isEmpty(): Promise<boolean> {
    for await (const object of this.list(1)) if (object) return false;
    return true;
  }

  /** The object's bytes as a stream, with its type and user metadata; null when it is gone. */
  async download(key: string): Promise<ObjectDownload | null> {
    try {
      const res = await this.storage.client.send(
        new GetObjectCommand({ Bucket: this.storage.bucket, Key: key }),
      );
      return {
        body: res.Body as Readable,
        size: res.ContentLength ?? 0,
        contentType: res.ContentType,
        metadata: res.Metadata ?? {},
      };
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  /** Streams bytes into an object (in parts when large), with the store's encryption. */
  async upload(
    key: string,
    body: Readable,
    size: number,
    contentType: string | undefined,
    metadata: Record<string, string>,
  ): Promise<void> {
    await new Upload({
      client: this.storage.client,
      params: {
        ...this.storage.writeParams(key),
        Body: body,
        ContentType: contentType,
        Metadata: metadata,
      },
      partSize: partSizeFor(size),
      queueSize: 2,
      leavePartsOnError: false,
    }).done();
  }

  async remove(key: string): Promise<void> {
    await this.storage.deleteObject(key);
  }
}
