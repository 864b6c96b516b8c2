import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, Caller } from '../auth/roles';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { RequestUploads } from '../footage-requests/request-uploads';
import { ObjectStorage } from '../storage/object-storage.service';
import { isS3Error, partSizeFor } from '../storage/s3-client';
import { CustodyService } from './custody.service';
import { CompleteUploadDto, StartUploadDto } from './footage.dto';
import { Footage } from './footage.entity';
import { FootageQueue } from './footage-queue';
import { FootageUploadService } from './footage-upload.service';
import { footageView, FootageView } from './footage-view';
import { ACCEPTED_CONTENT_TYPES, unsupportedMedia } from './media-type';
import { newObjectKey } from './s3-stream.storage';

export interface StartedUpload {
  footageId: string;
  uploadId: string;
  partSize: number;
  parts: Array<{ partNumber: number; url: string }>;
  expiresAt: Date;
}

/**
 * Large files from devices go straight to the bucket: the device announces the file, PUTs its parts
 * to presigned URLs, then completes. The server checks the size on completion and queues the
 * verification that re-reads the object; an upload never completed is aborted by a periodic job.
 */
@Injectable()
export class DirectUploadsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: ObjectStorage,
    private readonly footage: FootageUploadService,
    private readonly custody: CustodyService,
    private readonly audit: AuditService,
    private readonly queue: FootageQueue,
    private readonly config: AppConfig,
    private readonly requests: RequestUploads,
    private readonly clock: Clock,
  ) {}

  async start(caller: Caller, dto: StartUploadDto): Promise<StartedUpload> {
    const { directMaxBytes, uploadExpiryHours } = this.config.footage;
    if (dto.size > directMaxBytes)
      throw new AppError(
        ErrorCode.PayloadTooLarge,
        `The file exceeds the limit of ${directMaxBytes} bytes`,
        [{ field: 'size', message: `is over the limit of ${directMaxBytes} bytes` }],
      );
    const contentType = dto.contentType.toLowerCase();
    if (!(ACCEPTED_CONTENT_TYPES as readonly string[]).includes(contentType))
      throw unsupportedMedia('contentType', `${dto.contentType} is not accepted`);
    const place = await this.footage.placeOf(this.dataSource.manager, caller.actor, dto);
    const declaredSha256 = dto.sha256?.toLowerCase() ?? null;
    const key = newObjectKey();
    const partSize = partSizeFor(dto.size);
    const uploadId = await this.storage.startMultipart(
      key,
      contentType,
      declaredSha256 ? { sha256: declaredSha256 } : {},
    );
    let footage: Footage;
    try {
      footage = await this.dataSource.transaction(async (m) => {
        if (dto.requestId)
          await this.requests.check(m, caller.actor, dto.requestId, dto.deviceId, this.clock.now());
        const created = await m.save(
          m.create(Footage, {
            ...place,
            uploaderId: caller.actor.kind === 'user' ? caller.actor.id : null,
            uploadedByKey: caller.actor.kind === 'device' ? caller.actor.apiKeyId : null,
            objectKey: key,
            uploadId,
            partSize,
            contentType,
            size: String(dto.size),
            sha256: null,
            declaredSha256,
            status: 'uploading',
            recordedFrom: new Date(dto.recordedFrom),
            recordedTo: new Date(dto.recordedTo),
            legalHold: false,
            fileName: dto.fileName.trim(),
          }),
        );
        await this.audit.record(m, caller, {
          action: 'footage.upload_started',
          entityType: 'footage',
          entityId: created.id,
          details: {
            size: dto.size,
            parts: Math.ceil(dto.size / partSize),
            requestId: dto.requestId ?? null,
          },
        });
        if (dto.requestId)
          await this.requests.started(m, dto.requestId, created.id, this.clock.now());
        return created;
      });
    } catch (error) {
      await this.storage.abortMultipart(key, uploadId).catch(() => undefined);
      throw error;
    }
    const seconds = uploadExpiryHours * 3600;
    const parts = await Promise.all(
      Array.from({ length: Math.ceil(dto.size / partSize) }, async (_, i) => ({
        partNumber: i + 1,
        url: await this.storage.presignedPart(key, uploadId, i + 1, seconds),
      })),
    );
    return {
      footageId: footage.id,
      uploadId,
      partSize,
      parts,
      expiresAt: new Date(footage.createdAt.getTime() + seconds * 1000),
    };
  }

  /**
   * Completes the upload in the store and checks the object's size; a repeated call for an upload
   * already completed answers with the footage again. Parts that do not add up to the declared
   * size leave nothing behind: the object and the record go.
   */
  async complete(caller: Caller, uploadId: string, dto: CompleteUploadDto): Promise<FootageView> {
    const seen = new Set<number>();
    dto.parts.forEach((part, i) => {
      if (seen.has(part.partNumber))
        throw AppError.invalid(`parts[${i}].partNumber`, 'appears more than once');
      seen.add(part.partNumber);
    });
    const parts = [...dto.parts].sort((a, b) => a.partNumber - b.partNumber);
    const result = await this.dataSource.transaction(async (m) => {
      const footage = await this.ownUpload(caller.actor, uploadId, m);
      if (footage.status !== 'uploading') return { footage, completed: false };
      try {
        await this.storage.completeMultipart(footage.objectKey, uploadId, parts);
      } catch (error) {
        // Completed before, with the record left behind by a failure after that: carry on.
        const alreadyDone =
          isS3Error(error, 'NoSuchUpload') && (await this.storage.head(footage.objectKey));
        if (!alreadyDone) {
          if (isS3Error(error, 'InvalidPart', 'InvalidPartOrder', 'EntityTooSmall', 'NoSuchUpload'))
            throw new AppError(
              ErrorCode.RuleViolated,
              `The store refused the parts: ${error.message}`,
              [{ field: 'parts', message: error.message }],
            );
          throw error;
        }
      }
      const head = await this.storage.head(footage.objectKey);
      const declared = Number(footage.size);
      if (head?.size !== declared) {
        await this.storage.deleteObject(footage.objectKey);
        await m.delete(Footage, { id: footage.id });
        await this.audit.record(m, caller, {
          action: 'footage.upload_discarded',
          entityType: 'footage',
          entityId: footage.id,
          details: { declaredSize: declared, actualSize: head?.size ?? null },
        });
        return { footage, completed: false, actualSize: head?.size ?? 0 };
      }
      footage.status = 'stored';
      await m.update(Footage, { id: footage.id }, { status: 'stored' });
      await this.custody.append(m, footage.id, caller, 'uploaded', {
        size: declared,
        declaredSha256: footage.declaredSha256,
        contentType: footage.contentType,
        direct: true,
      });
      await this.audit.record(m, caller, {
        action: 'footage.uploaded',
        entityType: 'footage',
        entityId: footage.id,
        details: { size: declared, direct: true },
      });
      await this.linkRequested(m, caller, footage.id);
      return { footage, completed: true };
    });
    if ('actualSize' in result)
      throw new AppError(
        ErrorCode.RuleViolated,
        `The parts add up to ${result.actualSize} bytes, not the ${result.footage.size} declared; the upload was discarded`,
        [{ field: 'parts', message: 'do not add up to the declared size' }],
      );
    if (result.completed) await this.queue.verifyLater(result.footage.id);
    return footageView(result.footage);
  }

  /** Footage a request asked for is linked to the request's incident, in its chain of custody. */
  private async linkRequested(m: EntityManager, caller: Caller, footageId: string): Promise<void> {
    const linkedBy = caller.actor.kind === 'user' ? caller.actor.id : null;
    for (const { requestId, incidentId } of await this.requests.completed(
      m,
      footageId,
      this.clock.now(),
    )) {
      const inserted = (await m.query(
        `INSERT INTO incident_footage (incident_id, footage_id, linked_by) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [incidentId, footageId, linkedBy],
      )) as unknown[];
      if (inserted.length > 0)
        await this.custody.append(m, footageId, caller, 'linked', { incidentId, requestId });
    }
  }

  /** Aborts an upload not yet completed; the parts sent so far and the record go. */
  async abort(caller: Caller, uploadId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const footage = await this.ownUpload(caller.actor, uploadId, m);
      if (footage.status !== 'uploading')
        throw AppError.conflict('The upload is already complete; it can no longer be aborted');
      await this.storage.abortMultipart(footage.objectKey, uploadId);
      await m.delete(Footage, { id: footage.id });
      await this.audit.record(m, caller, {
        action: 'footage.upload_aborted',
        entityType: 'footage',
        entityId: footage.id,
      });
    });
  }

  /** The upload, locked, if the caller started it: the same unit's gateway or the facility's admin. */
  private async ownUpload(actor: Actor, uploadId: string, m = this.dataSource.manager) {
    const footage = await m
      .getRepository(Footage)
      .createQueryBuilder('f')
      .addSelect('f.objectKey')
      .where('f.upload_id = :uploadId', { uploadId })
      .setLock('pessimistic_write')
      .getOne();
    const owns =
      footage &&
      (actor.kind === 'device'
        ? footage.unitId === actor.unitId
        : footage.facilityId === actor.facilityId);
    if (!owns) throw AppError.notFound('Upload');
    return footage;
  }
}
