import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsEnum,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { Locale, LOCALES, Role } from '../auth/roles';
import { PageQuery } from '../common/pagination';
import { IsAcceptablePassword, NEW_PASSWORD_DOC } from '../auth/password.validator';

/** ITU-T E.164: a plus, a country code, at most 15 digits in all. */
const E164 = /^\+[1-9][0-9]{6,14}$/;
const PHONE_DOC = {
  type: String,
  example: '+77011234567',
  description: 'E.164; officers on shift are texted here',
};

export class UserQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') facilityId?: string;
  @ApiPropertyOptional({ enum: Role }) @IsOptional() @IsEnum(Role) role?: Role;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') policePostId?: string;
  @ApiPropertyOptional({ description: 'Text in the name or e-mail address, any case' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class CreateUserDto {
  @ApiProperty()
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(254)
  email: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(300) fullName: string;
  @ApiProperty({ enum: Role }) @IsEnum(Role) role: Role;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for staff and facility admins' })
  @IsOptional()
  @IsUUID('all')
  facilityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for police officers' })
  @IsOptional()
  @IsUUID('all')
  policePostId?: string;

  @ApiPropertyOptional({ enum: LOCALES, default: 'ru' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional(PHONE_DOC)
  @IsOptional()
  @IsString()
  @Matches(E164, { message: 'must be an E.164 phone number such as +77011234567' })
  phone?: string;

  @ApiPropertyOptional({
    ...NEW_PASSWORD_DOC,
    description: `Leave it out to have the holder choose it: the answer then carries a one-time \`setPasswordLink\` (valid 24 h). ${NEW_PASSWORD_DOC.description}`,
  })
  @IsOptional()
  @IsAcceptablePassword()
  password?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(300) fullName?: string;
  @ApiPropertyOptional({ enum: LOCALES }) @IsOptional() @IsIn(LOCALES) locale?: Locale;
  @ApiPropertyOptional({ ...PHONE_DOC, nullable: true, description: 'E.164; null removes it' })
  @ValidateIf((o: UpdateUserDto) => o.phone !== null)
  @IsOptional()
  @IsString()
  @Matches(E164, { message: 'must be an E.164 phone number such as +77011234567' })
  phone?: string | null;
  @ApiPropertyOptional({ enum: Role, description: 'Admins only' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;
  @ApiPropertyOptional({ format: 'uuid', description: 'Admins only' })
  @IsOptional()
  @IsUUID('all')
  facilityId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Admins only' })
  @IsOptional()
  @IsUUID('all')
  policePostId?: string;

  @ApiPropertyOptional({
    description:
      'false deactivates the account (as DELETE does); true brings a deactivated account back with its password, its sessions still ended. A facility admin may bring back only what a facility admin deactivated.',
  })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  active?: boolean;

  @ApiPropertyOptional({
    ...NEW_PASSWORD_DOC,
    description: `Sets a new password and signs the user out everywhere. ${NEW_PASSWORD_DOC.description}`,
  })
  @IsOptional()
  @IsAcceptablePassword()
  password?: string;
}
