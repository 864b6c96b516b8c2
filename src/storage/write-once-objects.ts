import {
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  ListObjectsV2Command,
  ObjectLockMode,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { ObjectStorage } from './object-storage.service';
import { isS3Error } from './s3-client';

/** Answers of a store that has no Object Lock on the bucket, or none at all (s3rver). */
const NO_OBJECT_LOCK = [
  'ObjectLockConfigurationNotFoundError',
  'NotImplemented',
  'MethodNotAllowed',
  'InvalidRequest',
];

export interface ObjectLock {
  mode: 'COMPLIANCE' | 'GOVERNANCE';
  retainUntil: Date;
}

/**
 * Small objects written once and never replaced, locked against deletion with S3 Object Lock
 * where the bucket has it enabled (a plain write where it does not).
 */
export class WriteOnceObjects {
  constructor(private readonly storage: ObjectStorage) {}

  /** Whether the bucket was created with Object Lock enabled. */
  async objectLockEnabled(): Promise<boolean> {
    try {
      const res = await this.storage.client.send(
        new GetObjectLockConfigurationCommand({ Bucket: this.storage.bucket }),
      );
      return res.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled';
    } catch (error) {
      if (isS3Error(error, ...NO_OBJECT_LOCK)) return false;
      throw error;
    }
  }

  /**
   * Writes the object unless one is already under the key ('exists'). The store refuses the write
   * itself where it supports conditional writes; the caller checks before on those that do not.
   */
  async put(
    key: string,
    body: string,
    contentType: string,
    lock: ObjectLock | null,
  ): Promise<'written' | 'exists'> {
    try {
      await this.storage.client.send(
        new PutObjectCommand({
          ...this.storage.writeParams(key),
          Body: body,
          ContentType: contentType,
          // Object Lock writes must carry a checksum of the body.
          ContentMD5: createHash('md5').update(body).digest('base64'),
          IfNoneMatch: '*',
          ...(lock
            ? {
                ObjectLockMode: lock.mode as ObjectLockMode,
                ObjectLockRetainUntilDate: lock.retainUntil,
              }
            : {}),
        }),
      );
      return 'written';
    } catch (error) {
      if (isS3Error(error, 'PreconditionFailed', 'ConditionalRequestConflict')) return 'exists';
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.storage.head(key)) !== null;
  }

  /** The keys under a prefix, in key order, page by page. */
  async *keys(prefix: string): AsyncGenerator<string> {
    let token: string | undefined;
    do {
      const res = await this.storage.client.send(
        new ListObjectsV2Command({
          Bucket: this.storage.bucket,
          Prefix: prefix,
          ContinuationToken: token,
        }),
      );
      for (const o of res.Contents ?? []) if (o.Key) yield o.Key;
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
  }

  async text(key: string): Promise<string> {
    const res = await this.storage.client.send(
      new GetObjectCommand({ Bucket: this.storage.bucket, Key: key }),
    );
    return res.Body!.transformToString('utf8');
  }
}
