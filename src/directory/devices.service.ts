import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, Caller } from '../auth/roles';
import { AppError } from '../common/app-error';
import { changedFields, definedFields } from '../common/changes';
import { Page, paginate } from '../common/pagination';
import { Device } from './device.entity';
import { CreateDeviceDto, DeviceQuery, UpdateDeviceDto } from './directory.dto';
import { restrictToVisibleFacilities } from './directory-scope';
import { deviceKindFor } from './directory.types';
import { Unit } from './unit.entity';
import { assertManages } from './units.service';

@Injectable()
export class DevicesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  private visible(actor: Actor, m: EntityManager = this.dataSource.manager) {
    const qb = m
      .getRepository(Device)
      .createQueryBuilder('d')
      .innerJoin(Unit, 'u', 'u.id = d.unit_id');
    return restrictToVisibleFacilities(qb, actor, 'u.facility_id');
  }

  list(actor: Actor, query: DeviceQuery): Promise<Page<Device>> {
    const qb = this.visible(actor);
    if (query.unitId) qb.andWhere('d.unit_id = :unitId', { unitId: query.unitId });
    return paginate(qb, query, { column: 'serial_number', valueOf: (d) => d.serialNumber });
  }

  async getVisible(actor: Actor, id: string, m?: EntityManager): Promise<Device> {
    return (await this.visible(actor, m).andWhere('d.id = :id', { id }).getOne()) ?? failNotFound();
  }

  create(dto: CreateDeviceDto, caller: Caller): Promise<Device> {
    return this.dataSource.transaction(async (m) => {
      const unit = await this.unitFor(m, caller.actor, dto.unitId);
      const kind = dto.kind ?? deviceKindFor(unit.kind);
      if (kind !== deviceKindFor(unit.kind)) {
        throw AppError.invalid('kind', `a ${unit.kind} carries a ${deviceKindFor(unit.kind)}`);
      }
      await this.requireFreeSerial(m, dto.serialNumber);
      const device = await m.save(m.create(Device, { ...dto, kind, model: dto.model ?? null }));
      await this.audit.record(m, caller, {
        action: 'device.created',
        entityType: 'device',
        entityId: device.id,
      });
      return device;
    });
  }

  update(id: string, dto: UpdateDeviceDto, caller: Caller): Promise<Device> {
    return this.dataSource.transaction(async (m) => {
      const device = await this.getVisible(caller.actor, id, m);
      const current = await this.unitFor(m, caller.actor, device.unitId);
      if (dto.unitId && dto.unitId !== device.unitId) {
        const target = await this.unitFor(m, caller.actor, dto.unitId);
        if (deviceKindFor(target.kind) !== device.kind) {
          throw AppError.invalid('unitId', `a ${target.kind} does not carry a ${device.kind}`);
        }
      } else {
        assertManages(caller.actor, current.facilityId, 'devices');
      }
      if (dto.serialNumber && dto.serialNumber !== device.serialNumber)
        await this.requireFreeSerial(m, dto.serialNumber);
      const changed = changedFields(device, dto);
      Object.assign(device, definedFields(dto));
      const saved = await m.save(device);
      await this.audit.record(m, caller, {
        action: 'device.updated',
        entityType: 'device',
        entityId: id,
        details: { changed },
      });
      return saved;
    });
  }

  remove(id: string, caller: Caller): Promise<void> {
    return this.dataSource.transaction(async (m) => {
      const device = await this.getVisible(caller.actor, id, m);
      await this.unitFor(m, caller.actor, device.unitId);
      await m.delete(Device, { id });
      await this.audit.record(m, caller, {
        action: 'device.deleted',
        entityType: 'device',
        entityId: id,
      });
    });
  }

  /** The unit if the actor may manage its devices; otherwise 400 naming unitId (never revealing it exists). */
  private async unitFor(m: EntityManager, actor: Actor, unitId: string): Promise<Unit> {
    const unit = await restrictToVisibleFacilities(
      m.getRepository(Unit).createQueryBuilder('u'),
      actor,
      'u.facility_id',
    )
      .andWhere('u.id = :unitId', { unitId })
      .getOne();
    if (!unit) throw AppError.invalid('unitId', 'is not a unit you manage', 'unknown_unit');
    assertManages(actor, unit.facilityId, 'devices');
    return unit;
  }

  private async requireFreeSerial(m: EntityManager, serialNumber: string): Promise<void> {
    if (await m.existsBy(Device, { serialNumber })) {
      throw AppError.conflict(
        'A device with this serial number is already registered',
        'serialNumber',
      );
    }
  }
}

function failNotFound(): never {
  throw AppError.notFound('Device');
}
