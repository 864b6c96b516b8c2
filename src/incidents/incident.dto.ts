import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsLatitude,
  IsNumber,
  IsLongitude,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { EachValidated, ObjectValidated } from '../common/nested-list';
import { INCIDENT_KINDS, INJURIES, VICTIM_ROLES } from '../classification/rule-set.types';
import { PageQuery } from '../common/pagination';
import { IsTimestampWithOffset } from '../common/timestamp.validator';
import { IncidentStatus, OUTCOMES } from './incident-status';
import type { Outcome } from './incident-status';

export const PLACE_KINDS = [
  'admission_department',
  'ward',
  'ambulance_call',
  'outpatient',
  'other',
] as const;
export const PERPETRATOR_TYPES = ['patient', 'relative', 'visitor', 'other'] as const;

export class PlaceDto {
  @ApiProperty({ enum: PLACE_KINDS }) @IsIn(PLACE_KINDS) kind: (typeof PLACE_KINDS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) address?: string;
  @ApiPropertyOptional({ example: 43.25 })
  @IsOptional()
  @IsNumber({}, { message: 'must be a number' })
  @IsLatitude({ message: 'must be a latitude from -90 to 90' })
  lat?: number;
  @ApiPropertyOptional({ example: 76.95 })
  @IsOptional()
  @IsNumber({}, { message: 'must be a number' })
  @IsLongitude({ message: 'must be a longitude from -180 to 180' })
  lon?: number;
}

export class VictimDto {
  @ApiProperty({ enum: VICTIM_ROLES }) @IsIn(VICTIM_ROLES) role: (typeof VICTIM_ROLES)[number];
  @ApiProperty({ enum: INJURIES }) @IsIn(INJURIES) injury: (typeof INJURIES)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) fullName?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') userId?: string;
}

export class PerpetratorsDto {
  @ApiProperty({ enum: PERPETRATOR_TYPES })
  @IsIn(PERPETRATOR_TYPES)
  type: (typeof PERPETRATOR_TYPES)[number];
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) @Max(100) count: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
}

export class CreateIncidentDto {
  @ApiProperty({ example: '2026-03-14T02:40:00+05:00' })
  @IsTimestampWithOffset()
  occurredAt: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') facilityId: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') unitId?: string;

  @ApiProperty({ type: PlaceDto })
  @ObjectValidated(() => PlaceDto)
  place: PlaceDto;

  @ApiProperty({ enum: INCIDENT_KINDS })
  @IsIn(INCIDENT_KINDS)
  kind: (typeof INCIDENT_KINDS)[number];

  @ApiProperty({ description: 'The reporter believes a state of emergency was in force' })
  @IsBoolean()
  duringStateOfEmergency: boolean;

  @ApiProperty({ type: [VictimDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'must list at least one victim' })
  @ArrayMaxSize(50)
  @EachValidated(() => VictimDto)
  victims: VictimDto[];

  @ApiProperty({ type: PerpetratorsDto })
  @ObjectValidated(() => PerpetratorsDto)
  perpetrators: PerpetratorsDto;

  @ApiProperty({ minLength: 1, maxLength: 10000 })
  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  @MaxLength(10000)
  narrative: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) witnesses?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The SOS sent before this report (by the reporter, or any of the facility for its admin); the report attaches to it',
  })
  @IsOptional()
  @IsUUID('all')
  sosId?: string;
}

export class IncidentQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'occurredAt from (inclusive)' })
  @IsOptional()
  @IsTimestampWithOffset()
  from?: string;
  @ApiPropertyOptional({ description: 'occurredAt to (exclusive)' })
  @IsOptional()
  @IsTimestampWithOffset()
  to?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') facilityId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Reports of this unit only' })
  @IsOptional()
  @IsUUID('all')
  unitId?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{1,40}$/, { message: 'is not a category code' })
  category?: string;
  @ApiPropertyOptional({ enum: IncidentStatus })
  @IsOptional()
  @IsEnum(IncidentStatus)
  status?: IncidentStatus;
}

export class ChangeStatusDto {
  @ApiProperty({ enum: IncidentStatus }) @IsEnum(IncidentStatus) status: IncidentStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;

  @ApiPropertyOptional({
    description:
      'Pre-trial investigation register (ERDR) number; required for referred_to_prosecution',
  })
  @IsOptional()
  @Matches(/^\d{6,20}$/, { message: 'must be the ERDR register number (digits)' })
  erdrNumber?: string;

  @ApiPropertyOptional({ enum: OUTCOMES, description: 'Required for closed' })
  @IsOptional()
  @IsIn(OUTCOMES)
  outcome?: Outcome;

  @ApiPropertyOptional({ description: 'The article finally applied, where a court decided' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  finalArticle?: string;
}

export class ReclassifyDto {
  @ApiProperty()
  @Matches(/^[a-z][a-z0-9_]{1,40}$/, { message: 'is not a category code' })
  category: string;
  @ApiProperty()
  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  @MaxLength(2000)
  reason: string;
}

export class AddendumDto {
  @ApiProperty({ minLength: 1, maxLength: 5000 })
  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  @MaxLength(5000)
  text: string;
}
