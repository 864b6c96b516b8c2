import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, Caller, Role, UserActor } from '../auth/roles';
import { AppError, ErrorCode } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { Incident } from '../incidents/incident.entity';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { ObjectStorage } from '../storage/object-storage.service';
import { CustodyService } from './custody.service';
import { LegalHoldDto, UploadFootageDto } from './footage.dto';
import { FootageQueue } from './footage-queue';
import { Footage } from './footage.entity';
import { StoredFile } from './s3-stream.storage';

export interface FootageView {
  id: string;
  sha256: string | null;
  size: number;
  contentType: string;
  status: string;
  facilityId: string;
  unitId: string | null;
  deviceId: string | null;
  recordedFrom: Date | null;
  recordedTo: Date | null;
  legalHold: boolean;
  fileName: string | null;
  verifiedAt: Date | null;
  rejectionReason: string | null;
  deletedAt: Date | null;
  createdAt: Date;
}

export const footageView = (f: Footage): FootageView => ({
  id: f.id,
  sha256: f.sha256,
  size: Number(f.size),
  contentType: f.contentType,
  status: f.status,
  facilityId: f.facilityId,
  unitId: f.unitId,
  deviceId: f.deviceId,
  recordedFrom: f.recordedFrom,
  recordedTo: f.recordedTo,
  legalHold: f.legalHold,
  fileName: f.fileName,
  verifiedAt: f.verifiedAt,
  rejectionReason: f.rejectionReason,
  deletedAt: f.deletedAt,
  createdAt: f.createdAt,
});

/** Footage whose object is in the bucket and may be linked, suggested and viewed. */
const USABLE = ['stored', 'verified'];

@Injectable()
export class FootageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: ObjectStorage,
    private readonly incidents: IncidentsRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
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
    if (!stored) throw AppError.invalid('file', 'is required');
    const recorded = await this.dataSource.transaction(async (m) => {
      const place = await this.placeOf(m, caller.actor, dto);
      const footage = await m.save(
        m.create(Footage, {
          ...place,
          uploadedBy: caller.actor.kind === 'user' ? caller.actor.id : null,
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
        missing.map((field) => ({ field, message: 'is required for device uploads' })),
      );
    }
    if (
      dto.recordedFrom &&
      dto.recordedTo &&
      new Date(dto.recordedTo) < new Date(dto.recordedFrom)
    ) {
      throw AppError.invalid('recordedTo', 'must not be before recordedFrom');
    }
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
        : actor.role === Role.Admin || device.facility_id === ownFacility);
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

  /** Police see footage linked to incidents routed to their post; a facility admin their facility's; admins all. */
  private visible(actor: Actor, m: EntityManager = this.dataSource.manager) {
    // Footage still being uploaded is not footage yet: only its uploader's device sees it.
    const qb = m
      .getRepository(Footage)
      .createQueryBuilder('f')
      .addSelect('f.objectKey')
      .where("f.status <> 'uploading'");
    if (actor.kind === 'device') return qb.andWhere('false');
    switch (actor.role) {
      case Role.Admin:
        return qb;
      case Role.FacilityAdmin:
        return qb.andWhere('f.facility_id = :own', { own: actor.facilityId });
      case Role.Police:
        return qb.andWhere(
          `EXISTS (SELECT 1 FROM incident_footage l JOIN alerts a ON a.incident_id = l.incident_id
                    WHERE l.footage_id = f.id AND a.police_post_id = :post)`,
          { post: actor.policePostId },
        );
      default:
        return qb.andWhere('false');
    }
  }

  private async findVisible(actor: Actor, id: string, m?: EntityManager): Promise<Footage> {
    const footage = await this.visible(actor, m).andWhere('f.id = :id', { id }).getOne();
    if (!footage) throw AppError.notFound('Footage');
    return footage;
  }

  async get(caller: Caller, id: string): Promise<FootageView> {
    return footageView(await this.findVisible(caller.actor, id));
  }

  /** A short-lived URL to the object; every access is in the chain of custody. */
  async contentUrl(caller: Caller, id: string): Promise<string> {
    const footage = await this.dataSource.transaction(async (m) => {
      const found = await this.findVisible(caller.actor, id, m);
      if (found.status === 'deleted') throw gone(found);
      await this.custodyChain.append(m, found.id, caller, 'content_accessed', {
        urlSeconds: this.config.footage.urlSeconds,
      });
      await this.audit.record(m, caller, {
        action: 'footage.content_accessed',
        entityType: 'footage',
        entityId: found.id,
      });
      return found;
    });
    return this.storage.presignedGet(
      footage.objectKey,
      this.config.footage.urlSeconds,
      footage.contentType,
    );
  }

  async custody(caller: Caller, id: string, recheck: boolean) {
    const footage = await this.findVisible(caller.actor, id);
    let objectIntact: boolean | null = null;
    if (recheck && footage.status !== 'deleted' && footage.status !== 'uploading') {
      const actual = await this.storage.sha256Of(footage.objectKey).catch(() => null);
      objectIntact = actual !== null && actual === footage.sha256;
      await this.dataSource.transaction((m) =>
        this.custodyChain.append(m, footage.id, caller, 'rechecked', {
          sha256: actual,
          intact: objectIntact,
        }),
      );
    }
    const { valid, brokenAt, events } = await this.custodyChain.chain(footage.id);
    return { footageId: footage.id, sha256: footage.sha256, valid, brokenAt, objectIntact, events };
  }

  /**
   * Puts footage under legal hold or releases it. Held footage is never deleted by the retention
   * job; released footage starts a full retention period again if no incident holds it.
   */
  async setLegalHold(caller: Caller, id: string, dto: LegalHoldDto): Promise<FootageView> {
    return this.dataSource.transaction(async (m) => {
      const footage = await this.findVisible(caller.actor, id, m);
      if (footage.status === 'deleted') throw gone(footage);
      if (footage.legalHold !== dto.legalHold) {
        footage.legalHold = dto.legalHold;
        if (!dto.legalHold) footage.retentionFrom = new Date();
        await m.update(
          Footage,
          { id },
          { legalHold: footage.legalHold, retentionFrom: footage.retentionFrom },
        );
        await this.custodyChain.append(m, id, caller, 'retention_changed', {
          legalHold: dto.legalHold,
          reason: dto.reason,
        });
        await this.audit.record(m, caller, {
          action: dto.legalHold ? 'footage.legal_hold_set' : 'footage.legal_hold_released',
          entityType: 'footage',
          entityId: id,
        });
      }
      return footageView(footage);
    });
  }

  /**
   * Links footage to an incident the caller may see. The footage must be of the incident's facility
   * (admins may link across facilities); reporters may link what they uploaded themselves.
   */
  link(caller: Caller<UserActor>, incidentId: string, footageId: string): Promise<FootageView> {
    return this.dataSource.transaction(async (m) => {
      const incident = await this.incidents.findVisible(caller.actor, incidentId, m);
      // Locked, so the retention job cannot delete it between this check and the link.
      const footage = await m
        .getRepository(Footage)
        .findOne({ where: { id: footageId }, lock: { mode: 'pessimistic_write' } });
      const actor = caller.actor;
      const mayUse =
        footage &&
        USABLE.includes(footage.status) &&
        (actor.role === Role.Admin ||
          (footage.facilityId === incident.facilityId &&
            (actor.role !== Role.Staff || footage.uploadedBy === actor.id)));
      if (!mayUse)
        throw AppError.invalid(
          'footageId',
          "is not footage of this incident's facility that you may attach",
        );
      const inserted = (await m.query(
        `INSERT INTO incident_footage (incident_id, footage_id, linked_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
        [incidentId, footageId, actor.id],
      )) as unknown[];
      if (inserted.length === 0)
        throw AppError.conflict('The footage is already linked to this incident', 'footageId');
      await this.custodyChain.append(m, footageId, caller, 'linked', { incidentId });
      await this.audit.record(m, caller, {
        action: 'footage.linked',
        entityType: 'footage',
        entityId: footageId,
        details: { incidentId },
      });
      return footageView(footage);
    });
  }

  unlink(caller: Caller<UserActor>, incidentId: string, footageId: string): Promise<void> {
    return this.dataSource.transaction(async (m) => {
      await this.incidents.findVisible(caller.actor, incidentId, m);
      const removed = (await m.query(
        `DELETE FROM incident_footage WHERE incident_id = $1 AND footage_id = $2 RETURNING 1`,
        [incidentId, footageId],
      )) as unknown[];
      if (removed.length === 0) throw AppError.notFound('Link');
      // Footage no incident holds any more gets a full retention period from now.
      await m.query(
        `UPDATE footage SET retention_from = now()
          WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM incident_footage WHERE footage_id = $1)`,
        [footageId],
      );
      await this.custodyChain.append(m, footageId, caller, 'unlinked', { incidentId });
      await this.audit.record(m, caller, {
        action: 'footage.unlinked',
        entityType: 'footage',
        entityId: footageId,
        details: { incidentId },
      });
    });
  }

  /** Footage linked to an incident, for whoever may see the incident. */
  async forIncident(caller: Caller<UserActor>, incidentId: string): Promise<FootageView[]> {
    await this.incidents.findVisible(caller.actor, incidentId);
    const rows = await this.dataSource
      .getRepository(Footage)
      .createQueryBuilder('f')
      .innerJoin('incident_footage', 'l', 'l.footage_id = f.id')
      .where('l.incident_id = :incidentId', { incidentId })
      .orderBy('l.linked_at', 'ASC')
      .getMany();
    return rows.map(footageView);
  }

  /**
   * Footage that may show the incident: recorded by the devices of its unit, or by the admission
   * departments of its facility, with a recording window overlapping the incident time ± the
   * match window; the best overlap first, already linked footage left out. Computed when asked,
   * so footage that arrives after the report shows up as soon as it is stored.
   */
  async suggestions(
    caller: Caller<UserActor>,
    incidentId: string,
  ): Promise<Array<FootageView & { overlapSeconds: number }>> {
    const incident = await this.incidents.findVisible(caller.actor, incidentId);
    const margin = this.config.footage.matchMinutes * 60_000;
    const from = new Date(incident.occurredAt.getTime() - margin);
    const to = new Date(incident.occurredAt.getTime() + margin);
    const rows = await this.dataSource
      .getRepository(Footage)
      .createQueryBuilder('f')
      .innerJoin('units', 'u', 'u.id = f.unit_id')
      .addSelect(
        'extract(epoch FROM least(f.recorded_to, :to) - greatest(f.recorded_from, :from))',
        'overlap',
      )
      .where('f.status IN (:...usable) AND f.device_id IS NOT NULL', { usable: USABLE })
      .andWhere(
        "(u.id = :unit OR (u.facility_id = :facility AND u.kind = 'admission_department'))",
        {
          unit: incident.unitId,
          facility: incident.facilityId,
        },
      )
      .andWhere('f.recorded_from <= :to AND f.recorded_to >= :from', { from, to })
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM incident_footage l WHERE l.incident_id = :incident AND l.footage_id = f.id)',
        {
          incident: incident.id,
        },
      )
      .orderBy('overlap', 'DESC')
      .addOrderBy('f.recorded_from', 'ASC')
      .getRawAndEntities();
    const overlaps = new Map(
      rows.raw.map((r: { f_id: string; overlap: string }) => [
        r.f_id,
        Math.round(Number(r.overlap)),
      ]),
    );
    return rows.entities.map((f) => ({
      ...footageView(f),
      overlapSeconds: overlaps.get(f.id) ?? 0,
    }));
  }
}

const gone = (f: Footage) =>
  new AppError(
    ErrorCode.Gone,
    `The footage was deleted on ${f.deletedAt?.toISOString() ?? 'an earlier date'} under the retention policy`,
  );
