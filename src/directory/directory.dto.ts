import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsLatitude,
  IsNumber,
  IsLongitude,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import {
  DeviceKind,
  FacilityType,
  POST_LANGUAGES,
  PostKind,
  PostLanguage,
  UnitKind,
} from './directory.types';

const NAME_MAX = 300;

export class FacilityQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') regionId?: string;
  @ApiPropertyOptional({ enum: FacilityType })
  @IsOptional()
  @IsEnum(FacilityType)
  type?: FacilityType;
}

export class CreateFacilityDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') regionId: string;
  @ApiProperty({ enum: FacilityType }) @IsEnum(FacilityType) type: FacilityType;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(NAME_MAX) name: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(500) address: string;
  @ApiProperty({ example: 43.2389 })
  @IsNumber({}, { message: 'must be a number' })
  @IsLatitude({ message: 'must be a latitude from -90 to 90' })
  lat: number;
  @ApiProperty({ example: 76.8897 })
  @IsNumber({}, { message: 'must be a number' })
  @IsLongitude({ message: 'must be a longitude from -180 to 180' })
  lon: number;
  @ApiProperty({ minimum: 0, maximum: 1_000_000 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  staffCount: number;
}

export class UpdateFacilityDto extends PartialType(CreateFacilityDto) {}

export class CreatePolicePostDto {
  @ApiProperty({ enum: PostKind }) @IsEnum(PostKind) kind: PostKind;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(NAME_MAX) name: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'Null only for the national duty desk',
  })
  @ValidateIf((o: CreatePolicePostDto) => o.kind !== PostKind.DutyDesk || o.regionId !== null)
  @IsUUID('all')
  regionId: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()-]{5,20}$/, { message: 'must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({
    enum: POST_LANGUAGES,
    default: 'ru',
    description: "The language of texts sent to the post's officers",
  })
  @IsOptional()
  @IsIn(POST_LANGUAGES)
  language?: PostLanguage;

  @ApiPropertyOptional({
    nullable: true,
    description:
      'https, reaching public addresses only, unless the host is in the operator setting WEBHOOK_ALLOWED_HOSTS',
  })
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'must be an http(s) URL' },
  )
  @MaxLength(2000)
  webhookUrl?: string | null;

  @ApiPropertyOptional({
    writeOnly: true,
    description:
      'Standard Webhooks signing secret, `whsec_` and at least 24 random bytes in base64; never returned',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  @IsOptional()
  @IsString()
  @Matches(/^whsec_[A-Za-z0-9+/]{32,340}={0,2}$/, {
    message:
      'must be a Standard Webhooks secret: whsec_ followed by at least 24 random bytes in base64',
  })
  webhookSecret?: string;

  @ApiPropertyOptional({ type: [String], description: 'Facilities the post covers (posts only)' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  facilityIds?: string[];
}

export class UpdatePolicePostDto extends PartialType(CreatePolicePostDto) {}

export class UnitQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') facilityId?: string;
}

export class CreateUnitDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') facilityId: string;
  @ApiProperty({ enum: UnitKind }) @IsEnum(UnitKind) kind: UnitKind;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(NAME_MAX) name: string;
}

export class UpdateUnitDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(NAME_MAX) name?: string;
}

export class DeviceQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') unitId?: string;
}

export class CreateDeviceDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') unitId: string;
  @ApiPropertyOptional({ enum: DeviceKind, description: 'Defaults to what the unit carries' })
  @IsOptional()
  @IsEnum(DeviceKind)
  kind?: DeviceKind;
  @ApiProperty()
  @IsString()
  @Matches(/^[A-Za-z0-9._/-]{3,64}$/, { message: 'must be 3-64 letters, digits or . _ / -' })
  serialNumber: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) model?: string;
}

export class UpdateDeviceDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Move the device to another unit' })
  @IsOptional()
  @IsUUID('all')
  unitId?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._/-]{3,64}$/, { message: 'must be 3-64 letters, digits or . _ / -' })
  serialNumber?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) model?: string;
}

export class CreateApiKeyDto {
  @ApiPropertyOptional({ description: 'What the key is for, e.g. the dock it is installed on' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}
