import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { EachValidated, ObjectValidated } from '../common/nested-list';
import { IsTimestampWithOffset } from '../common/timestamp.validator';
import { PageQuery } from '../common/pagination';
import { FACT_VALUE } from './classification.views';
import { FACTS, OPERATORS } from './rule-set.types';
import type { Fact, Operator } from './rule-set.types';

const CODE = /^[a-z][a-z0-9_]{1,40}$/;

export class PenaltyDto {
  @ApiProperty({ enum: ['restricted_freedom', 'imprisonment', 'fine', 'other'] })
  @IsIn(['restricted_freedom', 'imprisonment', 'fine', 'other'])
  kind: 'restricted_freedom' | 'imprisonment' | 'fine' | 'other';

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(100) years?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) description?: string;
}

export class CategoryDto {
  @ApiProperty({ example: 'assault' })
  @Matches(CODE, { message: 'must be a lower-case code' })
  code: string;
  @ApiProperty({ description: 'Higher is graver' }) @IsInt() @Min(1) @Max(1000) severity: number;
  @ApiProperty({ type: PenaltyDto })
  @ObjectValidated(() => PenaltyDto)
  maxPenalty: PenaltyDto;
  @ApiProperty({
    description: 'Minutes a police post has to acknowledge an alert of this category',
  })
  @IsInt()
  @Min(1)
  @Max(1440)
  ackDeadlineMinutes: number;
  @ApiProperty({
    description:
      'Whole years the personal data of a closed incident of this category is kept after closing',
    example: 16,
  })
  @IsInt()
  @Min(1)
  @Max(100)
  personalDataRetentionYears: number;
}

export class ConditionDto {
  @ApiProperty({ enum: FACTS }) @IsIn(FACTS) fact: Fact;
  @ApiProperty({ enum: OPERATORS }) @IsIn(OPERATORS) op: Operator;
  @ApiProperty({ ...FACT_VALUE, description: 'boolean, number, string, or a list for "in"' })
  @IsDefined()
  value: boolean | number | string | Array<string | number | boolean>;
}

export class RuleDto {
  @ApiProperty() @Matches(CODE, { message: 'must be a lower-case code' }) category: string;

  @ApiProperty({ type: [ConditionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @EachValidated(() => ConditionDto)
  when: ConditionDto[];
}

export class CreateRuleSetDto {
  @ApiProperty({
    example: '2027-01-01T00:00:00+05:00',
    description: 'Incidents from this moment on use this version',
  })
  @IsTimestampWithOffset()
  effectiveFrom: string;

  @ApiPropertyOptional({ default: '158-1' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  article?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;

  @ApiProperty({ type: [CategoryDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @EachValidated(() => CategoryDto)
  categories: CategoryDto[];

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  medicalWorkerRoles: string[];

  @ApiProperty({ type: [RuleDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @EachValidated(() => RuleDto)
  rules: RuleDto[];

  @ApiProperty() @Matches(CODE, { message: 'must be a lower-case code' }) fallbackCategory: string;
}

export class EmergencyQuery extends PageQuery {}

/** Ends a state of emergency early: a new end, after its start and not after its end on record. */
export class EndEmergencyDto {
  @ApiProperty({ example: '2026-04-10T00:00:00+05:00' }) @IsTimestampWithOffset() to: string;
}

export class CreateEmergencyDto {
  @ApiProperty({ format: 'uuid', nullable: true, description: 'Null for a national regime' })
  @ValidateIf((o: CreateEmergencyDto) => o.regionId !== null)
  @IsUUID('all')
  regionId: string | null;

  @ApiProperty({ example: '2026-04-01T00:00:00+05:00' }) @IsTimestampWithOffset() from: string;
  @ApiProperty({ example: '2026-04-15T00:00:00+05:00' }) @IsTimestampWithOffset() to: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) description: string;
}
