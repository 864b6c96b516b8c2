import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { EachValidated, ObjectValidated } from '../common/nested-list';
import { CreateRuleSetDto } from './classification.dto';
import { INCIDENT_KINDS, INJURIES, VICTIM_ROLES } from './rule-set.types';

export class SampleVictimDto {
  @ApiProperty({ enum: VICTIM_ROLES }) @IsIn(VICTIM_ROLES) role: string;
  @ApiProperty({ enum: INJURIES }) @IsIn(INJURIES) injury: string;
}

/** A report's facts as the classifier weighs them; no names, no narrative. */
export class SampleReportDto {
  @ApiPropertyOptional({ example: 'a patient strikes a doctor' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  label?: string;
  @ApiProperty({ enum: INCIDENT_KINDS }) @IsIn(INCIDENT_KINDS) kind: string;
  @ApiProperty({ type: [SampleVictimDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @EachValidated(() => SampleVictimDto)
  victims: SampleVictimDto[];
  @ApiProperty({ minimum: 1, maximum: 100 }) @IsInt() @Min(1) @Max(100) perpetratorCount: number;
  @ApiProperty() @IsBoolean() duringStateOfEmergency: boolean;
}

export class RuleSetPreviewDto {
  @ApiProperty({
    type: CreateRuleSetDto,
    description: 'The draft version, exactly as it would be sent to create it',
  })
  @ObjectValidated(() => CreateRuleSetDto)
  ruleSet: CreateRuleSetDto;

  @ApiPropertyOptional({
    type: [SampleReportDto],
    description: 'Reports to classify; without them, built-in representative reports',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @EachValidated(() => SampleReportDto)
  samples?: SampleReportDto[];
}
