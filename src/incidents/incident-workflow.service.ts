import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AlertNotifier } from '../alerts/alert-notifier';
import { followCategory } from '../alerts/alert-writes';
import { AuditService } from '../audit/audit.service';
import { Caller, UserActor } from '../auth/roles';
import { RuleSet } from '../classification/rule-set.entity';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { PushJobs } from '../push/push-jobs';
import { ChangeStatusDto, ReclassifyDto } from './incident.dto';
import { Incident, IncidentHistory } from './incident.entity';
import { checkTransition, IncidentStatus } from './incident-status';
import { IncidentView } from './incident.views';
import { IncidentsRepository } from './incidents.repository';

/** What police and admins do with a report: move it through the case workflow, correct its classification. */
@Injectable()
export class IncidentWorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentsRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly notifier: AlertNotifier,
    private readonly pushJobs: PushJobs,
  ) {}

  /** The reporter's devices are told once the change has committed (see PushJobs). */
  async changeStatus(
    id: string,
    dto: ChangeStatusDto,
    caller: Caller<UserActor>,
  ): Promise<IncidentView> {
    const view = await this.dataSource.transaction(async (m) => {
      const incident = await this.incidents.findVisible(caller.actor, id, m, true);
      await this.applyStatus(m, incident, dto, caller);
      return this.incidents.view(m, incident, caller.actor);
    });
    await this.pushJobs.incidentUpdated(id);
    return view;
  }

  /** Also used when an officer acknowledges an alert. */
  async applyStatus(
    m: EntityManager,
    incident: Incident,
    dto: ChangeStatusDto,
    caller: Caller<UserActor>,
  ): Promise<void> {
    const check = checkTransition(incident.status, dto, incident.erdrNumber !== null);
    if (!check.ok)
      throw new AppError(ErrorCode.RuleViolated, `${check.field}: ${check.message}`, [check]);
    const from = incident.status;
    incident.status = dto.status;
    if (dto.erdrNumber) incident.erdrNumber = dto.erdrNumber;
    if (dto.status === IncidentStatus.Closed) {
      incident.outcome = dto.outcome ?? null;
      incident.finalArticle = dto.finalArticle ?? null;
      incident.closedAt = this.clock.now();
    }
    await m.save(incident);
    await m.insert(IncidentHistory, {
      incidentId: incident.id,
      actorId: caller.actor.id,
      actorRole: caller.actor.role,
      type: 'status_changed',
      fromStatus: from,
      toStatus: dto.status,
      note: dto.note ?? null,
      data: { erdrNumber: dto.erdrNumber, outcome: dto.outcome, finalArticle: dto.finalArticle },
    });
    await this.audit.record(m, caller, {
      action: 'incident.status_changed',
      entityType: 'incident',
      entityId: incident.id,
      details: { from, to: dto.status },
    });
  }

  /**
   * A correction of the legal classification: the reason is required and the previous one stays
   * in the history. Open alerts follow the new category (priority, deadline, escalation) and the
   * posts' consoles are told.
   */
  async reclassify(
    id: string,
    dto: ReclassifyDto,
    caller: Caller<UserActor>,
  ): Promise<IncidentView> {
    let posts: string[] = [];
    const view = await this.dataSource.transaction(async (m) => {
      const incident = await this.incidents.findVisible(caller.actor, id, m, true);
      if (incident.status === IncidentStatus.Closed) {
        throw new AppError(
          ErrorCode.RuleViolated,
          'A closed incident keeps its classification; record the final article when closing',
          [{ field: 'status', message: 'is closed' }],
        );
      }
      const ruleSet = await m.findOneByOrFail(RuleSet, { id: incident.ruleSetId });
      const category = ruleSet.definition.categories.find((c) => c.code === dto.category);
      if (!category) {
        throw AppError.invalid(
          'category',
          `is not a category of rule set version ${ruleSet.version}`,
        );
      }
      if (category.code === incident.category) {
        throw new AppError(
          ErrorCode.RuleViolated,
          `The incident is already classified as ${category.code}`,
          [{ field: 'category', message: 'is the current category' }],
        );
      }
      const previous = {
        category: incident.category,
        maxPenalty: incident.maxPenalty,
        reasons: incident.classificationReasons,
      };
      incident.category = category.code;
      incident.maxPenalty = category.maxPenalty;
      incident.classificationReasons = [
        {
          fact: 'correction',
          value: { from: previous.category, to: category.code },
          message: dto.reason,
        },
      ];
      await m.save(incident);
      await m.insert(IncidentHistory, {
        incidentId: incident.id,
        actorId: caller.actor.id,
        actorRole: caller.actor.role,
        type: 'reclassified',
        note: dto.reason,
        data: { from: previous, to: { category: category.code, maxPenalty: category.maxPenalty } },
      });
      posts = await followCategory(
        m,
        incident.id,
        ruleSet.definition,
        category.code,
        this.config.alerts.deadlineScale,
      );
      await this.audit.record(m, caller, {
        action: 'incident.reclassified',
        entityType: 'incident',
        entityId: incident.id,
        details: { from: previous.category, to: category.code },
      });
      return this.incidents.view(m, incident, caller.actor);
    });
    for (const postId of posts) await this.notifier.nudge(postId);
    return view;
  }
}
