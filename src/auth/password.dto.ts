import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsAcceptablePassword, NEW_PASSWORD_DOC } from './password.validator';

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  currentPassword: string;

  @ApiProperty(NEW_PASSWORD_DOC)
  @IsAcceptablePassword()
  newPassword: string;
}

export class UsePasswordResetDto {
  @ApiProperty({ description: 'The token from the link’s fragment (after `#`)' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token: string;

  @ApiProperty(NEW_PASSWORD_DOC)
  @IsAcceptablePassword()
  newPassword: string;
}

export class PasswordResetView {
  @ApiProperty({
    description: 'The one-time link, shown once; the token is in the fragment',
    example: 'https://medguard.example.kz/password-reset#mgr_…',
  })
  url: string;
  @ApiProperty({ format: 'date-time', description: 'When the link stops working (24 h)' })
  expiresAt: string;
}

export class SessionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', description: 'Exact to a minute' }) lastUsedAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'The address it signed in from' })
  address: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent: string | null;
  @ApiProperty({ description: 'The session this request is made with' }) current: boolean;
}
