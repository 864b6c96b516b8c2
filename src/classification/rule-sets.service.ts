import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/roles';
import { AppError, ErrorCode } from '../common/app-error';
import { CreateRuleSetDto } from './classification.dto';
import { RuleSet } from './rule-set.entity';
import { checkDefinition, RuleSetDefinition } from './rule-set.types';
import { RuleSetView } from './classification.views';
import { previewRuleSet } from './rule-set-preview';
import { RuleSetPreviewDto } from './rule-set-preview.dto';
import { RuleSetPreviewView } from './rule-set-preview.views';

export function ruleSetView(r: RuleSet): RuleSetView {
  return {
    id: r.id,
    version: r.version,
    effectiveFrom: r.effectiveFrom,
    article: r.article,
    description: r.description,
    categories: r.definition.categories,
    medicalWorkerRoles: r.definition.medicalWorkerRoles,
    rules: r.definition.rules,
    fallbackCategory: r.definition.fallbackCategory,
    createdAt: r.createdAt,
  };
}

/** No version of the rules covers that moment (before the first effective date). */
export function noRuleSetAt(): AppError {
  return new AppError(
    ErrorCode.RuleViolated,
    'No classification rule set is in force at that time',
    [{ field: 'occurredAt', message: 'is before the first classification rule set took effect' }],
  );
}

/** Versioned classification rules; read from the database each time, so a new version needs no restart. */
@Injectable()
export class RuleSetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<RuleSetView[]> {
    const rows = await this.dataSource
      .getRepository(RuleSet)
      .find({ order: { effectiveFrom: 'ASC' } });
    return rows.map(ruleSetView);
  }

  async current(): Promise<RuleSetView> {
    const ruleSet = await this.dataSource.getRepository(RuleSet).findOne({
      where: { effectiveFrom: LessThanOrEqual(new Date()) },
      order: { effectiveFrom: 'DESC' },
    });
    if (!ruleSet) throw noRuleSetAt();
    return ruleSetView(ruleSet);
  }

  create(dto: CreateRuleSetDto, caller: Caller): Promise<RuleSetView> {
    const { effectiveFrom, article, description, ...definition } = dto;
    requireUsable(definition);
    return this.dataSource.transaction(async (m) => {
      // Versions are numbered in order of creation; the lock keeps two admins from taking one number.
      await m.query('LOCK TABLE classification_rule_sets IN SHARE ROW EXCLUSIVE MODE');
      if (await m.existsBy(RuleSet, { effectiveFrom: new Date(effectiveFrom) })) {
        throw AppError.conflict(
          'A rule set with this effective date already exists',
          'effectiveFrom',
        );
      }
      const [{ max }] = (await m.query(
        'SELECT coalesce(max(version), 0) AS max FROM classification_rule_sets',
      )) as Array<{
        max: number;
      }>;
      const saved = await m.save(
        m.create(RuleSet, {
          version: Number(max) + 1,
          effectiveFrom: new Date(effectiveFrom),
          article: article ?? '158-1',
          description: description ?? null,
          definition: definition as RuleSetDefinition,
          createdBy: caller.actor.kind === 'user' ? caller.actor.id : null,
        }),
      );
      await this.audit.record(m, caller, {
        action: 'rule_set.created',
        entityType: 'rule_set',
        entityId: saved.id,
        details: { version: saved.version, effectiveFrom },
      });
      return ruleSetView(saved);
    });
  }

  /** How sample reports would be classified under a draft and under the version in force; stores nothing. */
  async preview(dto: RuleSetPreviewDto): Promise<RuleSetPreviewView> {
    const { effectiveFrom: _from, article: _article, description: _text, ...draft } = dto.ruleSet;
    requireUsable(draft, 'ruleSet.');
    const inForce = await this.current().catch((error: unknown) => {
      if (error instanceof AppError && error.code === ErrorCode.RuleViolated) return null;
      throw error;
    });
    return {
      currentVersion: inForce?.version ?? null,
      samples: previewRuleSet(draft, inForce, dto.samples),
    };
  }
}

/** Refuses a definition the classifier could not use, naming each problem's field (under `prefix`). */
function requireUsable(definition: RuleSetDefinition, prefix = ''): void {
  const problems = checkDefinition(definition).map((p) => ({
    field: `${prefix}${p.field}`,
    message: p.message,
  }));
  if (problems.length > 0) {
    throw new AppError(
      ErrorCode.ValidationFailed,
      problems.map((p) => `${p.field}: ${p.message}`).join('; '),
      problems,
    );
  }
}
