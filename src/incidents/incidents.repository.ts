import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { Alert } from '../alerts/alert.entity';
import { Actor, Role } from '../auth/roles';
import { RuleSet } from '../classification/rule-set.entity';
import { AppError } from '../common/app-error';
import { readEventView } from '../events/event-view';
import type { IncidentEventView } from '../events/events.views';
import { FieldCipher } from '../privacy/field-cipher';
import { addendaOf } from './addenda.queries';
import { Incident, IncidentHistory, IncidentVictim } from './incident.entity';
import { openIncident, openVictim } from './incident-personal';
import { incidentView } from './incident-view';
import { IncidentView } from './incident.views';

/**
 * Who sees which incident, in one place: reporters their own reports, facility admins their
 * facility's, officers those routed to their post, admins all. Ministry analysts work with
 * statistics only; device gateways never read incidents.
 */
@Injectable()
export class IncidentsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

  visibleTo(
    actor: Actor,
    m: EntityManager = this.dataSource.manager,
  ): SelectQueryBuilder<Incident> {
    const qb = m.getRepository(Incident).createQueryBuilder('i');
    if (actor.kind === 'device') return qb.andWhere('false');
    switch (actor.role) {
      case Role.Admin:
        return qb;
      case Role.Staff:
        return qb.andWhere('i.reporter_id = :scopeUser', { scopeUser: actor.id });
      case Role.FacilityAdmin:
        return qb.andWhere('i.facility_id = :scopeFacility', { scopeFacility: actor.facilityId });
      case Role.Police:
        return qb.andWhere(
          'EXISTS (SELECT 1 FROM alerts sa WHERE sa.incident_id = i.id AND sa.police_post_id = :scopePost)',
          {
            scopePost: actor.policePostId,
          },
        );
      case Role.Ministry:
        return qb.andWhere('false');
    }
  }

  /** The incident, locked for update when inside a transaction; 404 when the actor may not see it. */
  async findVisible(actor: Actor, id: string, m?: EntityManager, lock = false): Promise<Incident> {
    const qb = this.visibleTo(actor, m).andWhere('i.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    const incident = await qb.getOne();
    if (!incident) throw AppError.notFound('Incident');
    return incident;
  }

  /**
   * The reports an account filed and those naming it as a victim, newest first: what the
   * account's own export holds, read as the detail reads them.
   */
  async ofAccount(userId: string, m: EntityManager = this.dataSource.manager): Promise<Incident[]> {
    return m
      .getRepository(Incident)
      .createQueryBuilder('i')
      .where(
        `i.reporter_id = :userId
          OR i.id IN (SELECT v.incident_id FROM incident_victims v WHERE v.user_id = :userId)`,
        { userId },
      )
      .orderBy('i.occurred_at', 'DESC')
      .addOrderBy('i.id', 'ASC')
      .getMany();
  }

  async view(m: EntityManager, incident: Incident, viewer: Actor): Promise<IncidentView> {
    // One after another: inside a transaction these share a single connection.
    const victims = await m.findBy(IncidentVictim, { incidentId: incident.id });
    const alerts = await m.find(Alert, {
      where: { incidentId: incident.id },
      order: { escalationLevel: 'ASC', createdAt: 'ASC' },
    });
    const history = await m.find(IncidentHistory, {
      where: { incidentId: incident.id },
      order: { id: 'ASC' },
    });
    const ruleSet = await m.findOneByOrFail(RuleSet, { id: incident.ruleSetId });
    const [sos] = (await m.query(`SELECT id FROM sos WHERE incident_id = $1`, [
      incident.id,
    ])) as Array<{
      id: string;
    }>;
    const addenda = await addendaOf(m, this.cipher, incident.id);
    const names = await this.alertNames(m, alerts);
    const event = await this.eventOf(m, incident, viewer);
    return incidentView(incident, openIncident(this.cipher, incident), {
      sosId: sos?.id ?? null,
      addenda,
      victims: victims.map((v) => openVictim(this.cipher, v)),
      alerts: alerts.map((a) => ({
        ...a,
        postName: names.get(a.policePostId) ?? null,
        acknowledgedByName: a.acknowledgedBy ? (names.get(a.acknowledgedBy) ?? null) : null,
      })),
      history,
      article: ruleSet.article,
      viewerRole: viewer.kind === 'device' ? 'device' : viewer.role,
      event,
    });
  }

  /** The report's event, listing of its reports only those the viewer may see. */
  private async eventOf(
    m: EntityManager,
    incident: Incident,
    viewer: Actor,
  ): Promise<IncidentEventView | null> {
    if (!incident.eventId) return null;
    const event = await readEventView(m, this.cipher, incident.id);
    if (!event) return null;
    const visible = new Set(
      (
        await this.visibleTo(viewer, m)
          .select('i.id')
          .andWhere('i.event_id = :eventId', { eventId: event.eventId })
          .getMany()
      ).map((i) => i.id),
    );
    return {
      eventId: event.eventId,
      incidentIds: event.incidentIds,
      distinctMedicalWorkers: event.distinctMedicalWorkers,
      reports: event.members.filter((r) => visible.has(r.id)),
    };
  }

  async victimCounts(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(IncidentVictim)
      .createQueryBuilder('v')
      .select('v.incident_id', 'id')
      .addSelect('count(*)::int', 'n')
      .where({ incidentId: In(ids) })
      .groupBy('v.incident_id')
      .getRawMany<{ id: string; n: number }>();
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  /** The names of the posts alerted and of the officers who acknowledged, by id. */
  private async alertNames(m: EntityManager, alerts: Alert[]): Promise<Map<string, string>> {
    const posts = [...new Set(alerts.map((a) => a.policePostId))];
    const officers = [...new Set(alerts.map((a) => a.acknowledgedBy).filter((id) => id !== null))];
    const rows = (await m.query(
      `SELECT id, name FROM police_posts WHERE id = ANY($1::uuid[])
       UNION ALL
       SELECT id, coalesce(nullif(trim(full_name), ''), email) FROM users WHERE id = ANY($2::uuid[])`,
      [posts, officers],
    )) as Array<{ id: string; name: string }>;
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
