import { Column, Entity } from 'typeorm';
import { DirectoryRecord } from '../common/persistence/record.base';
import { DeviceKind } from './directory.types';

@Entity('devices')
export class Device extends DirectoryRecord {
  @Column('uuid')
  unitId: string;

  @Column('text')
  kind: DeviceKind;

  @Column('text')
  serialNumber: string;

  @Column('text', { nullable: true })
  model: string | null;
}
