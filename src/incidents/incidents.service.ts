import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AlertRouter } from '../alerts/alert-router.service';
import { AuditService } from '../audit/audit.service';
import { Caller, Role, UserActor } from '../auth/roles';
import { classify } from '../classification/classifier';
import { EmergenciesService } from '../classification/emergencies.service';
import { RuleSetsService } from '../classification/rule-sets.service';
import { AppError, ErrorCode } from '../common/app-error';
import { Page, paginate } from '../common/pagination';
import { Facility } from '../directory/facility.entity';
import { Unit } from '../directory/unit.entity';
import { User } from '../users/user.entity';
import { IdempotencyService, Outcome } from './idempotency.service';
import { CreateIncidentDto, IncidentQuery } from './incident.dto';
import { Incident, IncidentHistory, IncidentVictim } from './incident.entity';
import { IncidentStatus } from './incident-status';
import { incidentSummary, IncidentSummary, IncidentView } from './incident-view';
import { IncidentsRepository } from './incidents.repository';

/** Reports may be filed a little ahead of the server's clock (phones drift) but not from the future. */
const CLOCK_SKEW_MS = 5 * 60_000;
const OLDEST_REPORT_MS = 366 * 24 * 3600_000;

const ALMATY_YEAR = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Almaty', year: 'numeric' });

@Injectable()
export class IncidentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentsRepository,
    private readonly ruleSets: RuleSetsService,
    private readonly emergencies: EmergenciesService,
    private readonly router: AlertRouter,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
  ) {}

  /** Files a report: incident, victims, classification, history and alerts commit together or not at all. */
  create(
    dto: CreateIncidentDto,
    caller: Caller<UserActor>,
    idempotencyKey?: string,
  ): Promise<Outcome<IncidentView>> {
    return this.idempotency.execute(
      caller.actor.id,
      idempotencyKey,
      IdempotencyService.fingerprint(dto),
      async (m) => {
        const { incident, auditDetails } = await this.insert(m, dto, caller);
        const body = await this.incidents.view(m, incident, caller.actor);
        // Last write before commit: the audit append holds the chain's lock until then.
        await this.audit.record(m, caller, {
          action: 'incident.created',
          entityType: 'incident',
          entityId: incident.id,
          details: auditDetails,
        });
        return { status: 201, body };
      },
    );
  }

  private async insert(
    m: EntityManager,
    dto: CreateIncidentDto,
    caller: Caller<UserActor>,
  ): Promise<{ incident: Incident; auditDetails: Record<string, unknown> }> {
    const actor = caller.actor;
    const occurredAt = new Date(dto.occurredAt);
    const now = Date.now();
    if (occurredAt.getTime() > now + CLOCK_SKEW_MS)
      throw AppError.invalid('occurredAt', 'must not be in the future');
    if (occurredAt.getTime() < now - OLDEST_REPORT_MS) {
      throw AppError.invalid(
        'occurredAt',
        'must be within the last year; older events are reported to the police directly',
      );
    }
    const facility = await m.findOneBy(Facility, { id: dto.facilityId });
    if (!facility) throw AppError.invalid('facilityId', 'is not a known facility');
    if (actor.role !== Role.Admin && actor.facilityId !== facility.id) {
      throw new AppError(ErrorCode.Forbidden, 'You may report only for your own facility', [
        { field: 'facilityId', message: 'is not your facility' },
      ]);
    }
    if (dto.unitId) {
      const unit = await m.findOneBy(Unit, { id: dto.unitId });
      if (!unit) throw AppError.invalid('unitId', 'is not a known unit');
      if (unit.facilityId !== facility.id)
        throw AppError.invalid('unitId', 'belongs to another facility');
    }
    if ((dto.place.lat === undefined) !== (dto.place.lon === undefined)) {
      throw AppError.invalid(
        dto.place.lat === undefined ? 'place.lat' : 'place.lon',
        'is required together with the other coordinate',
      );
    }
    await this.checkVictimAccounts(m, dto);

    const emergency = await this.emergencies.inForce(facility.regionId, occurredAt, m);
    const ruleSet = await this.ruleSets.inForceAt(occurredAt, m);
    const classification = classify(
      {
        kind: dto.kind,
        victims: dto.victims,
        perpetratorCount: dto.perpetrators.count,
        duringStateOfEmergency: emergency !== null || dto.duringStateOfEmergency,
        emergencySource: emergency ? 'recorded' : dto.duringStateOfEmergency ? 'reported' : 'none',
        emergencyDescription: emergency?.description,
      },
      ruleSet.definition,
    );

    const reference = await this.nextReference(m);
    const incident = await m.save(
      m.create(Incident, {
        reference,
        facilityId: facility.id,
        unitId: dto.unitId ?? null,
        reporterId: actor.id,
        occurredAt,
        placeKind: dto.place.kind,
        placeAddress: dto.place.address ?? null,
        placeLat: dto.place.lat ?? null,
        placeLon: dto.place.lon ?? null,
        kind: dto.kind,
        reportedEmergency: dto.duringStateOfEmergency,
        duringStateOfEmergency: emergency !== null || dto.duringStateOfEmergency,
        emergencyId: emergency?.id ?? null,
        perpetratorType: dto.perpetrators.type,
        perpetratorCount: dto.perpetrators.count,
        perpetratorDescription: dto.perpetrators.description ?? null,
        narrative: dto.narrative,
        witnesses: dto.witnesses ?? null,
        status: IncidentStatus.Submitted,
        category: classification.category,
        maxPenalty: classification.maxPenalty,
        ruleSetId: ruleSet.id,
        ruleSetVersion: ruleSet.version,
        classificationReasons: classification.reasons,
      }),
    );
    await m.insert(
      IncidentVictim,
      dto.victims.map((v, position) => ({
        incidentId: incident.id,
        position,
        role: v.role,
        injury: v.injury,
        fullName: v.fullName ?? null,
        userId: v.userId ?? null,
      })),
    );
    await m.insert(IncidentHistory, {
      incidentId: incident.id,
      actorId: actor.id,
      actorRole: actor.role,
      type: 'created',
      toStatus: IncidentStatus.Submitted,
      data: { category: classification.category, ruleSetVersion: ruleSet.version },
    });
    const routing = await this.router.route(m, facility);
    const categories = ruleSet.definition.categories;
    const gravest = Math.max(...categories.map((c) => c.severity));
    const severity =
      categories.find((c) => c.code === classification.category)?.severity ?? gravest;
    await this.router.createAlerts(m, incident.id, routing.postIds, gravest - severity + 1);
    return {
      incident,
      auditDetails: {
        reference,
        category: classification.category,
        routedVia: routing.via,
        alerts: routing.postIds.length,
      },
    };
  }

  /** Victims linked to an account must name a real one. */
  private async checkVictimAccounts(m: EntityManager, dto: CreateIncidentDto): Promise<void> {
    const ids = dto.victims.map((v) => v.userId).filter((id): id is string => Boolean(id));
    if (ids.length === 0) return;
    const found = new Set((await m.findBy(User, { id: In(ids) })).map((u) => u.id));
    dto.victims.forEach((v, i) => {
      if (v.userId && !found.has(v.userId))
        throw AppError.invalid(`victims[${i}].userId`, 'is not a known user');
    });
  }

  /** INC-YYYY-NNNNNN: per-year numbering from a sequence, so concurrent reports never wait or collide. */
  private async nextReference(m: EntityManager): Promise<string> {
    const year = Number(ALMATY_YEAR.format(new Date()));
    const [{ n }] = (await m.query('SELECT next_incident_number($1) AS n', [year])) as Array<{
      n: string;
    }>;
    return `INC-${year}-${n.padStart(6, '0')}`;
  }

  async list(actor: UserActor, query: IncidentQuery): Promise<Page<IncidentSummary>> {
    const qb = this.incidents.visibleTo(actor);
    if (query.from) qb.andWhere('i.occurred_at >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('i.occurred_at < :to', { to: new Date(query.to) });
    if (query.facilityId)
      qb.andWhere('i.facility_id = :facilityId', { facilityId: query.facilityId });
    if (query.category) qb.andWhere('i.category = :category', { category: query.category });
    if (query.status) qb.andWhere('i.status = :status', { status: query.status });
    const page = await paginate(qb, query, {
      column: 'occurred_at',
      valueOf: (i) => i.occurredAt.toISOString(),
      direction: 'DESC',
    });
    const counts = await this.incidents.victimCounts(page.items.map((i) => i.id));
    return {
      items: page.items.map((i) => incidentSummary(i, counts.get(i.id) ?? 0)),
      nextCursor: page.nextCursor,
    };
  }

  /** The full report, with personal data: every such read is audited. */
  async get(caller: Caller<UserActor>, id: string): Promise<IncidentView> {
    const incident = await this.incidents.findVisible(caller.actor, id);
    const view = await this.incidents.view(this.dataSource.manager, incident, caller.actor);
    await this.audit.record(null, caller, {
      action: 'incident.viewed',
      entityType: 'incident',
      entityId: id,
    });
    return view;
  }
}
