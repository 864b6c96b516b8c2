import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ReadAudit } from '../audit/read-audit';
import { Caller, Role, UserActor } from '../auth/roles';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { CustodyService } from './custody.service';
import { Footage } from './footage.entity';
import { footageView, FootageView, USABLE } from './footage-view';

/** Footage attached to incidents: links, the footage of an incident, and suggestions for it. */
@Injectable()
export class FootageLinksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentsRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly custodyChain: CustodyService,
    private readonly clock: Clock,
    private readonly reads: ReadAudit,
  ) {}

  /**
   * Links footage to an incident the caller may see. The footage must be of the incident's
   * facility; reporters may link what they uploaded themselves.
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
        footage.facilityId === incident.facilityId &&
        (actor.role !== Role.Staff || footage.uploaderId === actor.id);
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
      await this.recordLinkChange(m, caller, footageId, incidentId, 'linked');
      return footageView(footage);
    });
  }

  /**
   * Removes a link. Footage under legal hold stays linked to every incident it is linked to (409):
   * unlinked, it would fall under the retention policy once the hold is gone.
   */
  unlink(caller: Caller<UserActor>, incidentId: string, footageId: string): Promise<void> {
    return this.dataSource.transaction(async (m) => {
      await this.incidents.findVisible(caller.actor, incidentId, m);
      // The footage row lock orders this after a hold being set or released, never beside it.
      const [footage] = (await m.query(`SELECT legal_hold FROM footage WHERE id = $1 FOR UPDATE`, [
        footageId,
      ])) as Array<{ legal_hold: boolean }>;
      const removed = (await m.query(
        `DELETE FROM incident_footage WHERE incident_id = $1 AND footage_id = $2 RETURNING 1`,
        [incidentId, footageId],
      )) as unknown[];
      if (!footage || removed.length === 0) throw AppError.notFound('Link');
      if (footage.legal_hold)
        throw AppError.conflict(
          'The footage is under legal hold; it stays linked until the hold is released',
          'footageId',
        );
      // Footage no incident holds any more gets a full retention period from now.
      await m.query(
        `UPDATE footage SET retention_from = $2
          WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM incident_footage WHERE footage_id = $1)`,
        [footageId, this.clock.now()],
      );
      await this.recordLinkChange(m, caller, footageId, incidentId, 'unlinked');
    });
  }

  /** A link made or removed, in the footage's chain of custody and in the audit log. */
  private async recordLinkChange(
    m: EntityManager,
    caller: Caller<UserActor>,
    footageId: string,
    incidentId: string,
    change: 'linked' | 'unlinked',
  ): Promise<void> {
    await this.custodyChain.append(m, footageId, caller, change, { incidentId });
    await this.audit.record(m, caller, {
      action: `footage.${change}`,
      entityType: 'footage',
      entityId: footageId,
      details: { incidentId },
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
    await this.reads.recordIfAny(caller, {
      kind: 'footage',
      entityType: 'incident',
      entityId: incidentId,
      incidentIds: rows.length > 0 ? [incidentId] : [],
      details: { footageIds: rows.map((f) => f.id) },
    });
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
    await this.reads.recordIfAny(caller, {
      kind: 'footage',
      entityType: 'incident',
      entityId: incident.id,
      details: { footageIds: rows.entities.map((f) => f.id) },
    });
    return rows.entities.map((f) => ({
      ...footageView(f),
      overlapSeconds: overlaps.get(f.id) ?? 0,
    }));
  }
}
