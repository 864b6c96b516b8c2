import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
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
}

export class AuthUserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: Role }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) facilityId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) policePostId: string | null;
  @ApiProperty({ enum: ['kk', 'ru', 'en'] }) locale: Locale;
  @ApiProperty() fullName: string;
}

export class LoginResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ format: 'date-time', description: 'When the token stops working' })
  expiresAt: string;
  @ApiProperty({ type: AuthUserView }) user: AuthUserView;
}
