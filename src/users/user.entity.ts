import { Column, Entity } from 'typeorm';
import { DirectoryRecord } from '../common/persistence/record.base';
import { Locale, Role } from '../auth/roles';

@Entity('users')
export class User extends DirectoryRecord {
  @Column('text')
  email: string;

  /** A scrypt hash, or PasswordHasher.UNUSABLE until the holder sets a password with a link. */
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

  /** Who deactivated the account; whether a facility admin may undo it depends on it. */
  @Column('uuid', { nullable: true })
  deactivatedBy: string | null;
}
