import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/roles';
import { AppError } from '../common/app-error';
import { Page, paginate } from '../common/pagination';
import { changedFields, definedFields } from '../common/changes';
import { CreateFacilityDto, FacilityQuery, UpdateFacilityDto } from './directory.dto';
import { Facility } from './facility.entity';
import { Region } from './region.entity';

/** Facilities are public reference data for every signed-in user; only admins change them. */
@Injectable()
export class FacilitiesService {
  constructor(
    @InjectRepository(Facility) private readonly facilities: Repository<Facility>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(query: FacilityQuery): Promise<Page<Facility>> {
    const qb = this.facilities.createQueryBuilder('f');
    if (query.regionId) qb.andWhere('f.region_id = :regionId', { regionId: query.regionId });
    if (query.type) qb.andWhere('f.type = :type', { type: query.type });
    return paginate(qb, query, { column: 'name', valueOf: (f) => f.name });
  }

  async get(id: string): Promise<Facility> {
    return (await this.facilities.findOneBy({ id })) ?? failNotFound();
  }

  create(dto: CreateFacilityDto, caller: Caller): Promise<Facility> {
    return this.dataSource.transaction(async (m) => {
      await this.requireRegion(m.getRepository(Region), dto.regionId);
      const facility = await m.save(m.create(Facility, dto));
      await this.audit.record(m, caller, {
        action: 'facility.created',
        entityType: 'facility',
        entityId: facility.id,
      });
      return facility;
    });
  }

  update(id: string, dto: UpdateFacilityDto, caller: Caller): Promise<Facility> {
    return this.dataSource.transaction(async (m) => {
      const facility =
        (await m.findOne(Facility, { where: { id }, lock: { mode: 'pessimistic_write' } })) ??
        failNotFound();
      if (dto.regionId) await this.requireRegion(m.getRepository(Region), dto.regionId);
      const changed = changedFields(facility, dto);
      Object.assign(facility, definedFields(dto));
      const saved = await m.save(facility);
      await this.audit.record(m, caller, {
        action: 'facility.updated',
        entityType: 'facility',
        entityId: id,
        details: { changed },
      });
      return saved;
    });
  }

  remove(id: string, caller: Caller): Promise<void> {
    return this.dataSource.transaction(async (m) => {
      const result = await m.delete(Facility, { id });
      if (!result.affected) failNotFound();
      await this.audit.record(m, caller, {
        action: 'facility.deleted',
        entityType: 'facility',
        entityId: id,
      });
    });
  }

  private async requireRegion(regions: Repository<Region>, regionId: string): Promise<void> {
    if (!(await regions.existsBy({ id: regionId })))
      throw AppError.invalid('regionId', 'is not a known region');
  }
}

function failNotFound(): never {
  throw AppError.notFound('Facility');
}
