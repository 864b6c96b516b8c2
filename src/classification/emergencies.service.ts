import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/roles';
import { AppError } from '../common/app-error';
import { Page, paginate } from '../common/pagination';
import { Region } from '../directory/region.entity';
import { CreateEmergencyDto, EmergencyQuery, EndEmergencyDto } from './classification.dto';
import { Clock } from '../common/clock';
import { EmergencyView } from './classification.views';
import { Emergency } from './emergency.entity';

const view = (e: Emergency): EmergencyView => ({
  id: e.id,
  regionId: e.regionId,
  from: e.startsAt,
  to: e.endsAt,
  description: e.description,
  createdAt: e.createdAt,
});

/** States of emergency on record, national or by region; incidents inside one are classified accordingly. */
@Injectable()
export class EmergenciesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(query: EmergencyQuery): Promise<Page<EmergencyView>> {
    const qb = this.dataSource.getRepository(Emergency).createQueryBuilder('e');
    const page = await paginate(qb, query, {
      column: 'starts_at',
      valueOf: (e) => e.startsAt.toISOString(),
      direction: 'DESC',
    });
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  create(dto: CreateEmergencyDto, caller: Caller): Promise<EmergencyView> {
    const startsAt = new Date(dto.from);
    const endsAt = new Date(dto.to);
    if (endsAt <= startsAt) throw AppError.invalid('to', 'must be after from');
    return this.dataSource.transaction(async (m) => {
      if (dto.regionId && !(await m.existsBy(Region, { id: dto.regionId }))) {
        throw AppError.invalid('regionId', 'is not a known region');
      }
      const saved = await m.save(
        m.create(Emergency, {
          regionId: dto.regionId,
          startsAt,
          endsAt,
          description: dto.description,
          createdBy: caller.actor.kind === 'user' ? caller.actor.id : null,
        }),
      );
      await this.audit.record(m, caller, {
        action: 'emergency.created',
        entityType: 'emergency',
        entityId: saved.id,
        details: { regionId: saved.regionId, from: dto.from, to: dto.to },
      });
      return view(saved);
    });
  }

  /** A new, earlier end; the row is locked so concurrent ends apply one after another. */
  end(id: string, dto: EndEmergencyDto, caller: Caller): Promise<EmergencyView> {
    const endsAt = new Date(dto.to);
    return this.dataSource.transaction(async (m) => {
      const e = await m
        .getRepository(Emergency)
        .createQueryBuilder('e')
        .setLock('pessimistic_write')
        .where('e.id = :id', { id })
        .getOne();
      if (!e) throw AppError.notFound('State of emergency');
      if (endsAt <= e.startsAt) throw AppError.invalid('to', 'must be after from');
      if (endsAt > e.endsAt)
        throw AppError.invalid(
          'to',
          'must not be after the end on record; record a new state of emergency to extend it',
        );
      if (endsAt < this.clock.now())
        throw AppError.invalid(
          'to',
          'must not be in the past: reports already classified under it keep their classification',
        );
      const previous = e.endsAt;
      e.endsAt = endsAt;
      const saved = await m.save(e);
      await this.audit.record(m, caller, {
        action: 'emergency.ended_early',
        entityType: 'emergency',
        entityId: e.id,
        details: { from: previous.toISOString(), to: endsAt.toISOString() },
      });
      return view(saved);
    });
  }
}
