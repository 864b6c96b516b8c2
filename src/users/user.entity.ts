import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Locale, Role } from '../auth/roles';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  email: string;

  @Column('text', { select: false })
  passwordHash: string;

  @Column('text')
  fullName: string;

  @Column('text')
  role: Role;

  @Column('uuid', { nullable: true })
  facilityId: string | null;

  @Column('uuid', { nullable: true })
  policePostId: string | null;

  @Column('text', { default: 'ru' })
  locale: Locale;

  @Column('boolean', { default: false })
  isDemo: boolean;

  @Column('timestamptz', { nullable: true })
  deactivatedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
