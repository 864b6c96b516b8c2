import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { planAlerts } from '../alerts/alert-plan';
import { AlertNotifier } from '../alerts/alert-notifier';
import { RaisedAlert, raiseAlerts } from '../alerts/alert-writes';
import { AuditService } from '../audit/audit.service';
import { ReadAudit } from '../audit/read-audit';
import { Caller, UserActor } from '../auth/roles';
import { noRuleSetAt } from '../classification/rule-sets.service';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { Page, paginate } from '../common/pagination';
import { attachSos, claimSosForReport } from '../sos/sos-attach';
import { FieldCipher } from '../privacy/field-cipher';
import { FootageRequestNotifier } from '../footage-requests/request-notifier';
import { reportRequestTimes } from '../footage-requests/report-requests';
import { IdempotencyService, Outcome } from './idempotency.service';
import { CreateIncidentDto, IncidentQuery } from './incident.dto';
import { IncidentFacts, sealIncident } from './incident-personal';
import { IncidentStatus } from './incident-status';
import { incidentSummary, incidentView } from './incident-view';
import { ClassificationPreviewView, IncidentSummary, IncidentView } from './incident.views';
import { IncidentsRepository } from './incidents.repository';
import { checkPlace, checkTimes, checkVictimAccounts, classifyReport } from './intake-checks';
import { readIntakeContext, writeIncident } from './intake.queries';

const ALMATY_YEAR = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Almaty', year: 'numeric' });

@Injectable()
export class IncidentsService {
  private readonly logger = new Logger(IncidentsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentsRepository,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly notifier: AlertNotifier,
    private readonly reads: ReadAudit,
    private readonly cipher: FieldCipher,
    private readonly footageRequests: FootageRequestNotifier,
  ) {}

  /**
   * Files a report: incident, victims, classification, history, footage requests to the devices
   * that may have seen it, and alerts commit together or not at all. A report naming an SOS
   * attaches to it in the same transaction.
   */
  async create(
    dto: CreateIncidentDto,
    caller: Caller<UserActor>,
    idempotencyKey?: string,
  ): Promise<Outcome<IncidentView>> {
    checkTimes(dto, this.clock.ms());
    let told: string[] = [];
    let asked: string[] = [];
    const outcome = await this.idempotency.execute(
      caller.actor.id,
      idempotencyKey,
      dto,
      async (m) => {
        const filed = await this.insert(m, dto, caller.actor);
        await this.audit.record(m, caller, {
          action: 'incident.created',
          entityType: 'incident',
          entityId: filed.id,
          details: filed.auditDetails,
        });
        asked = filed.askedUnits;
        const sos = dto.sosId
          ? await attachSos(m, dto.sosId, filed.id, filed.alerts, this.clock.now())
          : null;
        if (sos) {
          await this.audit.record(m, caller, {
            action: 'sos.attached',
            entityType: 'sos',
            entityId: dto.sosId!,
            details: { incidentId: filed.id },
          });
          told = [...new Set(sos.events.map((e) => e.postId))];
        }
        // Last write before commit: raising the alerts takes the posts' console counters, which
        // other reports to the same posts then wait for until this one commits.
        const raised = await raiseAlerts(
          m,
          { incidentId: filed.id, sosId: null },
          sos ? sos.toRaise : filed.alerts,
          sos?.events ?? [],
        );
        return { status: 201, body: filed.view([...(sos?.attached ?? []), ...raised]) };
      },
    );
    // Consoles holding the SOS's alerts hear of the report now, not at their next poll.
    await Promise.all([
      ...told.map((p) => this.notifier.nudge(p)),
      this.footageRequests.nudge(asked),
    ]);
    return outcome;
  }

  /**
   * What a report would be classified as, from the rule set and recorded emergencies in force at
   * its time, without filing it: the report form shows this before sending.
   */
  async preview(dto: CreateIncidentDto, actor: UserActor): Promise<ClassificationPreviewView> {
    checkTimes(dto, this.clock.ms());
    const context = await readIntakeContext(
      this.dataSource.manager,
      dto.facilityId,
      dto.unitId ?? null,
      new Date(dto.occurredAt),
    );
    checkPlace(context, dto, actor);
    if (!context.ruleSet) throw noRuleSetAt();
    const { classification } = classifyReport(dto, context.ruleSet, context.emergency);
    return { ...classification, ruleSetVersion: context.ruleSet.version };
  }

  private async insert(m: EntityManager, dto: CreateIncidentDto, actor: UserActor) {
    const occurredAt = new Date(dto.occurredAt);
    const context = await readIntakeContext(m, dto.facilityId, dto.unitId ?? null, occurredAt);
    checkPlace(context, dto, actor);
    if (!context.ruleSet) throw noRuleSetAt();
    await checkVictimAccounts(m, dto, actor);
    if (dto.sosId) await claimSosForReport(m, dto.sosId, dto.facilityId, actor);
    const { ruleSet, emergency } = context;
    const { classification, duringStateOfEmergency } = classifyReport(dto, ruleSet, emergency);
    const plan = planAlerts(
      context,
      ruleSet.definition,
      classification.category,
      this.clock.now(),
      this.config.alerts.deadlineScale,
    );
    if (plan.via === 'national_desk' || plan.via === 'none') {
      this.logger.warn({
        msg: 'no post or regional duty desk covers the facility',
        facilityId: dto.facilityId,
        via: plan.via,
      });
    }

    const personal = {
      placeAddress: dto.place.address ?? null,
      placeLat: dto.place.lat ?? null,
      placeLon: dto.place.lon ?? null,
      perpetratorDescription: dto.perpetrators.description ?? null,
      narrative: dto.narrative,
      witnesses: dto.witnesses ?? null,
    };
    const sealed = sealIncident(this.cipher, personal);
    const fields = {
      facilityId: dto.facilityId,
      unitId: dto.unitId ?? null,
      reporterId: actor.id,
      occurredAt,
      placeKind: dto.place.kind,
      kind: dto.kind,
      reportedEmergency: dto.duringStateOfEmergency,
      duringStateOfEmergency,
      emergencyId: emergency?.id ?? null,
      perpetratorType: dto.perpetrators.type,
      perpetratorCount: dto.perpetrators.count,
      status: IncidentStatus.Submitted,
      category: classification.category,
      maxPenalty: classification.maxPenalty,
      ruleSetId: ruleSet.id,
      ruleSetVersion: ruleSet.version,
      classificationReasons: classification.reasons,
    };
    const victims = dto.victims.map((v) => ({
      role: v.role,
      injury: v.injury,
      fullName: v.fullName ?? null,
      userId: v.userId ?? null,
    }));
    const written = await writeIncident(m, {
      ...fields,
      year: Number(ALMATY_YEAR.format(this.clock.now())),
      reporterRole: actor.role,
      place: {
        kind: fields.placeKind,
        address: sealed.placeAddress,
        lat: sealed.placeLat,
        lon: sealed.placeLon,
      },
      perpetrators: {
        type: fields.perpetratorType,
        count: fields.perpetratorCount,
        description: sealed.perpetratorDescription,
      },
      narrative: sealed.narrative!,
      witnesses: sealed.witnesses,
      reasons: classification.reasons,
      victims: victims.map((v) => ({
        ...v,
        fullName: this.cipher.sealNullable('incident_victims.full_name', v.fullName),
      })),
      footageRequests: reportRequestTimes(
        occurredAt,
        this.config.footageRequests,
        this.clock.now(),
      ),
    });

    // The response is built from what was just written, without reading it back.
    const incident: IncidentFacts = {
      ...fields,
      id: written.id,
      reference: written.reference,
      erdrNumber: null,
      outcome: null,
      finalArticle: null,
      closedAt: null,
      personalDataErasedAt: null,
      eventId: null,
      countsEvent: true,
      createdAt: written.createdAt,
      updatedAt: written.updatedAt,
    };
    const view = (alerts: RaisedAlert[]) =>
      incidentView(incident, personal, {
        victims: victims.map((v, position) => ({ ...v, position })),
        alerts,
        history: [
          {
            at: written.history.at,
            type: 'created',
            actorId: actor.id,
            actorRole: actor.role,
            fromStatus: null,
            toStatus: IncidentStatus.Submitted,
            note: null,
            data: { category: classification.category, ruleSetVersion: ruleSet.version },
          },
        ],
        article: ruleSet.article,
        viewerRole: actor.role,
        sosId: dto.sosId ?? null,
      });
    const auditDetails = {
      reference: written.reference,
      category: classification.category,
      routedVia: plan.via,
      alerts: plan.alerts.length,
    };
    return {
      id: written.id,
      auditDetails,
      alerts: plan.alerts,
      view,
      askedUnits: written.askedUnits,
    };
  }

  /** One audit entry per page, naming the reports listed. */
  async list(caller: Caller<UserActor>, query: IncidentQuery): Promise<Page<IncidentSummary>> {
    const qb = this.incidents.visibleTo(caller.actor);
    if (query.from) qb.andWhere('i.occurred_at >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('i.occurred_at < :to', { to: new Date(query.to) });
    if (query.facilityId)
      qb.andWhere('i.facility_id = :facilityId', { facilityId: query.facilityId });
    if (query.unitId) qb.andWhere('i.unit_id = :unitId', { unitId: query.unitId });
    if (query.category) qb.andWhere('i.category = :category', { category: query.category });
    if (query.status) qb.andWhere('i.status = :status', { status: query.status });
    const page = await paginate(qb, query, {
      column: 'occurred_at',
      valueOf: (i) => i.occurredAt.toISOString(),
      direction: 'DESC',
    });
    const ids = page.items.map((i) => i.id);
    const counts = await this.incidents.victimCounts(ids);
    await this.reads.recordIfAny(caller, { kind: 'list', incidentIds: ids });
    return {
      items: page.items.map((i) => incidentSummary(i, counts.get(i.id) ?? 0)),
      nextCursor: page.nextCursor,
    };
  }

  /** The full report, with personal data: every such read is audited. */
  async get(caller: Caller<UserActor>, id: string): Promise<IncidentView> {
    const incident = await this.incidents.findVisible(caller.actor, id);
    const view = await this.incidents.view(this.dataSource.manager, incident, caller.actor);
    await this.reads.record(caller, {
      kind: 'report',
      entityType: 'incident',
      entityId: id,
      incidentIds: [id],
    });
    return view;
  }
}
