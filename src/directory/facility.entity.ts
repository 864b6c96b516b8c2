import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { FacilityType } from './directory.types';

@Entity('facilities')
export class Facility {
  @PrimaryGeneratedColumn('uuid')
  id: string;

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

  @Column('boolean', { default: false })
  isDemo: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
