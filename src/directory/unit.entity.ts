import { Column, Entity } from 'typeorm';
import { DirectoryRecord } from '../common/persistence/record.base';
import { UnitKind } from './directory.types';

@Entity('units')
export class Unit extends DirectoryRecord {
  @Column('uuid')
  facilityId: string;

  @Column('text')
  kind: UnitKind;

  @Column('text')
  name: string;
}
