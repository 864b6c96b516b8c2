import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PasswordResetView } from '../auth/password.dto';
import { Locale, LOCALES, Role } from '../auth/roles';
import { PageView } from '../common/page-view';

/** An account as admins see it; never its password hash. */
export class UserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: Role }) role: Role;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) facilityId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) policePostId: string | null;
  @ApiProperty({ enum: LOCALES }) locale: Locale;
  @ApiProperty({ type: String, nullable: true, description: 'E.164' }) phone: string | null;
  @ApiProperty({ description: 'False once the account is deactivated' }) active: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deactivatedAt: Date | null;
  @ApiProperty({ description: 'Signs in with a code from an authenticator app' })
  mfaEnabled: boolean;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The latest sign-in still on record; null when none is',
  })
  lastSignInAt: Date | null;
  @ApiProperty({ description: 'Seeded demo or synthetic data' }) isDemo: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export const UserPage = PageView(UserView, 'UserPage');

/** A new account; made without a password, it comes with the link its holder sets one with. */
export class CreatedUserView extends UserView {
  @ApiPropertyOptional({
    type: PasswordResetView,
    description:
      'Only when the account was created without a password: a one-time link valid 24 h, shown once',
  })
  setPasswordLink?: PasswordResetView;
}

/** What an account's owner gets of it in their own data export. */
export const OWN_ACCOUNT_FIELDS = [
  'id',
  'email',
  'fullName',
  'role',
  'facilityId',
  'policePostId',
  'locale',
  'phone',
  'createdAt',
  'deactivatedAt',
] as const;
