import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { IsTimestampWithOffset } from '../common/timestamp.validator';

/** The window of the roster to show; shifts overlapping it are listed. */
export class ShiftQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'Default: now' })
  @IsOptional()
  @IsTimestampWithOffset()
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Default: 7 days after `from`; at most 31 days after it',
  })
  @IsOptional()
  @IsTimestampWithOffset()
  to?: string;
}

export class CreateShiftDto {
  @ApiProperty({ format: 'uuid', description: 'An active officer of the post' })
  @IsUUID('all')
  userId: string;

  @ApiProperty({ format: 'date-time' })
  @IsTimestampWithOffset()
  from: string;

  @ApiProperty({ format: 'date-time', description: 'After `from`, at most 24 hours after it' })
  @IsTimestampWithOffset()
  to: string;
}
