import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/roles';
import { AppError } from '../common/app-error';
import { Page, paginate } from '../common/pagination';
import { changedFields, definedFields } from '../common/changes';
import { CreateFacilityDto, FacilityQuery, UpdateFacilityDto } from './directory.dto';
import { FacilityView } from './directory.views';
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

  async list(query: FacilityQuery): Promise<Page<FacilityView>> {
    const qb = this.facilities.createQueryBuilder('f');
    if (query.regionId) qb.andWhere('f.region_id = :regionId', { regionId: query.regionId });
    if (query.type) qb.andWhere('f.type = :type', { type: query.type });
    const page = await paginate(qb, query, { column: 'name', valueOf: (f) => f.name });
    return { items: await this.withAccounts(page.items), nextCursor: page.nextCursor };
  }

  async get(id: string): Promise<FacilityView> {
    const [facility] = await this.withAccounts([
      (await this.facilities.findOneBy({ id })) ?? failNotFound(),
    ]);
    return facility;
  }

  /** Each facility with its active accounts by role, counted in one query for the whole page. */
  private async withAccounts(facilities: Facility[]): Promise<FacilityView[]> {
    const rows = (await this.dataSource.query(
      `SELECT facility_id, role, count(*)::int AS n FROM users
        WHERE facility_id = ANY($1) AND deactivated_at IS NULL AND role IN ('staff', 'facility_admin')
        GROUP BY facility_id, role`,
      [facilities.map((f) => f.id)],
    )) as Array<{ facility_id: string; role: string; n: number }>;
    const count = (id: string, role: string) =>
      rows.find((r) => r.facility_id === id && r.role === role)?.n ?? 0;
    return facilities.map((f) => ({
      ...f,
      activeAccounts: { staff: count(f.id, 'staff'), facilityAdmin: count(f.id, 'facility_admin') },
    }));
  }

  create(dto: CreateFacilityDto, caller: Caller): Promise<FacilityView> {
    return this.dataSource.transaction(async (m) => {
      await this.requireRegion(m.getRepository(Region), dto.regionId);
      const facility = await m.save(m.create(Facility, dto));
      await this.audit.record(m, caller, {
        action: 'facility.created',
        entityType: 'facility',
        entityId: facility.id,
      });
      return { ...facility, activeAccounts: { staff: 0, facilityAdmin: 0 } };
    });
  }

  async update(id: string, dto: UpdateFacilityDto, caller: Caller): Promise<FacilityView> {
    const updated = await this.dataSource.transaction(async (m) => {
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
    const [view] = await this.withAccounts([updated]);
    return view;
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
