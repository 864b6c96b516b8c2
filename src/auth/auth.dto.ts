import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { SIGN_IN_CODE, SIGN_IN_CODE_MESSAGE } from './mfa.dto';
import { Locale, Role } from './roles';

export class LoginDto {
  @ApiProperty({ example: 'staff@demo.medguard.kz' })
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password: string;

  @ApiPropertyOptional({
    example: '492039',
    description:
      'With multi-factor sign-in on: the current code of the authenticator app, or an unused recovery code',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  @Matches(SIGN_IN_CODE, { message: SIGN_IN_CODE_MESSAGE })
  code?: string;
}

export class AuthUserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: Role }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) facilityId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) policePostId: string | null;
  @ApiProperty({ enum: ['kk', 'ru', 'en'] }) locale: Locale;
  @ApiProperty() fullName: string;
  @ApiProperty({ description: 'Signs in with a TOTP code' }) mfaEnabled: boolean;
  @ApiProperty({
    description:
      'The role must sign in with a code and none is set up: only the set-up step is open',
  })
  mfaSetupRequired: boolean;
}

export class LoginResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ format: 'date-time', description: 'When the token stops working' })
  expiresAt: string;
  @ApiProperty({ type: AuthUserView }) user: AuthUserView;
}
