import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, Caller, Role } from '../auth/roles';
import { AppError, ErrorCode } from '../common/app-error';
import { Incident } from '../incidents/incident.entity';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { CustodyService } from './custody.service';
import { UploadFootageDto } from './footage.dto';
import { FootageQueue } from './footage-queue';
import { Footage } from './footage.entity';
import { footageView, FootageView } from './footage-view';
import { StoredFile } from './s3-stream.storage';

/** Files uploaded through the API: where they belong, who sent them, and their first custody entries. */
@Injectable()
export class FootageUploadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentsRepository,
    private readonly audit: AuditService,
    private readonly custodyChain: CustodyService,
    private readonly queue: FootageQueue,
  ) {}

  /**
   * Records a file already streamed to the bucket, then has it verified in the background. If
   * anything about it is refused, the controller's DiscardFileOnError deletes the object.
   */
  async recordUpload(
    caller: Caller,
    stored: StoredFile | undefined,
    dto: UploadFootageDto,
  ): Promise<FootageView> {
    if (!stored) throw AppError.invalid('file', 'is required', 'required');
    const recorded = await this.dataSource.transaction(async (m) => {
      const place = await this.placeOf(m, caller.actor, dto);
      const footage = await m.save(
        m.create(Footage, {
          ...place,
          uploaderId: caller.actor.kind === 'user' ? caller.actor.id : null,
          uploadedByKey: caller.actor.kind === 'device' ? caller.actor.apiKeyId : null,
          objectKey: stored.key,
          contentType: stored.contentType,
          size: String(stored.size),
          sha256: stored.sha256,
          declaredSha256: null,
          status: 'stored',
          recordedFrom: dto.recordedFrom ? new Date(dto.recordedFrom) : null,
          recordedTo: dto.recordedTo ? new Date(dto.recordedTo) : null,
          legalHold: false,
          fileName: stored.fileName,
        }),
      );
      await this.custodyChain.append(m, footage.id, caller, 'uploaded', {
        sha256: stored.sha256,
        size: stored.size,
        contentType: stored.contentType,
      });
      if (dto.incidentId) await this.linkOnUpload(m, caller, footage, dto.incidentId);
      await this.audit.record(m, caller, {
        action: 'footage.uploaded',
        entityType: 'footage',
        entityId: footage.id,
        details: { size: stored.size },
      });
      return footageView(footage);
    });
    await this.queue.verifyLater(recorded.id);
    return recorded;
  }

  /** Which facility, unit and device the footage belongs to, checked against who uploads it. */
  async placeOf(
    m: EntityManager,
    actor: Actor,
    dto: Pick<UploadFootageDto, 'deviceId' | 'recordedFrom' | 'recordedTo'>,
  ) {
    if (actor.kind === 'device' && (!dto.deviceId || !dto.recordedFrom || !dto.recordedTo)) {
      const missing = (['deviceId', 'recordedFrom', 'recordedTo'] as const).filter((f) => !dto[f]);
      throw new AppError(
        ErrorCode.ValidationFailed,
        `${missing.join(', ')} required for device uploads`,
        missing.map((field) => ({
          field,
          message: 'is required for device uploads',
          code: 'required' as const,
        })),
      );
    }
    if (
      dto.recordedFrom &&
      dto.recordedTo &&
      new Date(dto.recordedTo) < new Date(dto.recordedFrom)
    ) {
      throw AppError.invalid('recordedTo', 'must not be before recordedFrom');
    }
    // A device's footage comes from the device or from whoever runs the facility's devices; anyone
    // else naming a device would have a phone video pass as the device's recording.
    if (dto.deviceId && actor.kind === 'user' && actor.role !== Role.FacilityAdmin)
      throw AppError.invalid(
        'deviceId',
        'is accepted from device gateways and facility admins only',
        'not_allowed',
      );
    const ownFacility = actor.facilityId;
    if (!dto.deviceId) return { facilityId: ownFacility as string, unitId: null, deviceId: null };
    const [device] = (await m.query(
      `SELECT d.id, d.unit_id, u.facility_id FROM devices d JOIN units u ON u.id = d.unit_id WHERE d.id = $1`,
      [dto.deviceId],
    )) as Array<{ id: string; unit_id: string; facility_id: string }>;
    const allowed =
      device &&
      (actor.kind === 'device'
        ? device.unit_id === actor.unitId
        : device.facility_id === ownFacility);
    if (!allowed) throw AppError.invalid('deviceId', 'is not a device of your unit or facility');
    return { facilityId: device.facility_id, unitId: device.unit_id, deviceId: device.id };
  }

  private async linkOnUpload(
    m: EntityManager,
    caller: Caller,
    footage: Footage,
    incidentId: string,
  ): Promise<void> {
    const visible =
      caller.actor.kind === 'device'
        ? await m
            .getRepository(Incident)
            .existsBy({ id: incidentId, facilityId: caller.actor.facilityId })
        : await this.incidents
            .visibleTo(caller.actor, m)
            .andWhere('i.id = :id', { id: incidentId })
            .getExists();
    if (!visible)
      throw AppError.invalid('incidentId', 'is not an incident you may attach footage to');
    await m.query(
      `INSERT INTO incident_footage (incident_id, footage_id, linked_by) VALUES ($1, $2, $3)`,
      [incidentId, footage.id, caller.actor.kind === 'user' ? caller.actor.id : null],
    );
    await this.custodyChain.append(m, footage.id, caller, 'linked', { incidentId });
  }
}
