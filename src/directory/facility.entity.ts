import { Column, Entity } from 'typeorm';
import { DirectoryRecord } from '../common/persistence/record.base';
import { FacilityType } from './directory.types';

@Entity('facilities')
export class Facility extends DirectoryRecord {
  @Column('uuid')
  regionId: string;

  @Column('text')
  type: FacilityType;

  @Column('text')
  name: string;

  @Column('text')
  address: string;

  @Column('double precision')
  lat: number;

  @Column('double precision')
  lon: number;

  @Column('integer')
  staffCount: number;
}
