import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ApiKeysService } from '../auth/api-keys.service';
import { Actor, Caller, Role } from '../auth/roles';
import { UnitApiKey } from '../auth/unit-api-key.entity';
import { AppError } from '../common/app-error';
import { changedFields, definedFields } from '../common/changes';
import { Page, paginate } from '../common/pagination';
import { CreateApiKeyDto, CreateUnitDto, UnitQuery, UpdateUnitDto } from './directory.dto';
import { restrictToVisibleFacilities } from './directory-scope';
import { unitKindAllowedAt } from './directory.types';
import { Facility } from './facility.entity';
import { Unit } from './unit.entity';

/** Admins manage every facility; a facility admin only their own. */
export function assertManages(actor: Actor, facilityId: string, what: string): void {
  if (actor.kind === 'user' && (actor.role === Role.Admin || actor.facilityId === facilityId))
    return;
  throw AppError.forbidden(`You may only manage ${what} of your own facility`);
}

@Injectable()
export class UnitsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  private visible(actor: Actor, m: EntityManager = this.dataSource.manager) {
    return restrictToVisibleFacilities(
      m.getRepository(Unit).createQueryBuilder('u'),
      actor,
      'u.facility_id',
    );
  }

  list(actor: Actor, query: UnitQuery): Promise<Page<Unit>> {
    const qb = this.visible(actor);
    if (query.facilityId)
      qb.andWhere('u.facility_id = :facilityId', { facilityId: query.facilityId });
    return paginate(qb, query, { column: 'name', valueOf: (u) => u.name });
  }

  /** The unit if the actor may see it; 404 otherwise, so other facilities' units stay unseen. */
  async getVisible(actor: Actor, id: string, m?: EntityManager): Promise<Unit> {
    return (await this.visible(actor, m).andWhere('u.id = :id', { id }).getOne()) ?? failNotFound();
  }

  create(dto: CreateUnitDto, caller: Caller): Promise<Unit> {
    return this.dataSource.transaction(async (m) => {
      const facility = await m.findOneBy(Facility, { id: dto.facilityId });
      if (!facility)
        throw AppError.invalid('facilityId', 'is not a known facility', 'unknown_facility');
      assertManages(caller.actor, facility.id, 'units');
      if (!unitKindAllowedAt(dto.kind, facility.type)) {
        throw AppError.invalid('kind', `${dto.kind} does not belong at a ${facility.type}`);
      }
      const unit = await m.save(m.create(Unit, dto));
      await this.audit.record(m, caller, {
        action: 'unit.created',
        entityType: 'unit',
        entityId: unit.id,
      });
      return unit;
    });
  }

  update(id: string, dto: UpdateUnitDto, caller: Caller): Promise<Unit> {
    return this.dataSource.transaction(async (m) => {
      const unit = await this.getVisible(caller.actor, id, m);
      assertManages(caller.actor, unit.facilityId, 'units');
      const changed = changedFields(unit, dto);
      Object.assign(unit, definedFields(dto));
      const saved = await m.save(unit);
      await this.audit.record(m, caller, {
        action: 'unit.updated',
        entityType: 'unit',
        entityId: id,
        details: { changed },
      });
      return saved;
    });
  }

  remove(id: string, caller: Caller): Promise<void> {
    return this.dataSource.transaction(async (m) => {
      const unit = await this.getVisible(caller.actor, id, m);
      assertManages(caller.actor, unit.facilityId, 'units');
      await m.delete(Unit, { id });
      await this.audit.record(m, caller, {
        action: 'unit.deleted',
        entityType: 'unit',
        entityId: id,
      });
    });
  }

  createApiKey(unitId: string, dto: CreateApiKeyDto, caller: Caller) {
    return this.dataSource.transaction(async (m) => {
      const unit = await this.getVisible(caller.actor, unitId, m);
      assertManages(caller.actor, unit.facilityId, 'API keys');
      const createdBy = caller.actor.kind === 'user' ? caller.actor.id : null;
      const { key, secret } = await this.apiKeys.create(
        unit.id,
        dto.name ?? unit.name,
        createdBy,
        m,
      );
      await this.audit.record(m, caller, {
        action: 'unit_api_key.created',
        entityType: 'unit',
        entityId: unit.id,
        details: { apiKeyId: key.id, prefix: key.prefix },
      });
      return { ...apiKeyView(key), key: secret };
    });
  }

  async listApiKeys(unitId: string, caller: Caller) {
    const unit = await this.getVisible(caller.actor, unitId);
    assertManages(caller.actor, unit.facilityId, 'API keys');
    return { items: (await this.apiKeys.listFor(unit.id)).map(apiKeyView), nextCursor: null };
  }

  revokeApiKey(unitId: string, keyId: string, caller: Caller): Promise<void> {
    return this.dataSource.transaction(async (m) => {
      const unit = await this.getVisible(caller.actor, unitId, m);
      assertManages(caller.actor, unit.facilityId, 'API keys');
      if (!(await this.apiKeys.revoke(unit.id, keyId, m))) throw AppError.notFound('API key');
      await this.audit.record(m, caller, {
        action: 'unit_api_key.revoked',
        entityType: 'unit',
        entityId: unit.id,
        details: { apiKeyId: keyId },
      });
    });
  }
}

export function apiKeyView(key: UnitApiKey) {
  return {
    id: key.id,
    unitId: key.unitId,
    name: key.name,
    prefix: key.prefix,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
  };
}

function failNotFound(): never {
  throw AppError.notFound('Unit');
}
