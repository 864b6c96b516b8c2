import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

const REASON = {
  description: 'Why (shown in the reports’ history)',
  minLength: 1,
  maxLength: 1000,
} as const;

export class JoinEventDto {
  @ApiProperty({ format: 'uuid', description: 'Another report of the same attack' })
  @IsUUID('all')
  incidentId: string;

  @ApiPropertyOptional(REASON)
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  @MaxLength(1000)
  reason?: string;
}

export class LeaveEventDto {
  @ApiPropertyOptional(REASON)
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  @MaxLength(1000)
  reason?: string;
}
