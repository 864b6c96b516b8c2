import { Column, Entity } from 'typeorm';
import { DirectoryRecord } from '../common/persistence/record.base';
import { Locale, Role } from '../auth/roles';

@Entity('users')
export class User extends DirectoryRecord {
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

  /** E.164; where the officer on shift is texted. Personal data: never logged or queued. */
  @Column('text', { nullable: true })
  phone: string | null;

  @Column('timestamptz', { nullable: true })
  deactivatedAt: Date | null;
}
