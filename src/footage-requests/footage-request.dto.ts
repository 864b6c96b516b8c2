import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsTimestampWithOffset } from '../common/timestamp.validator';
import { DECLINE_REASONS, MAX_WAIT_SECONDS } from './request-status';
import type { DeclineReason } from './request-status';

/** A gateway fetching its devices' requests; with `wait`, held open until one comes. */
export class GatewayRequestsQuery {
  @ApiPropertyOptional({
    enum: ['open'],
    default: 'open',
    description: 'open: what the devices still have to answer (open, or an upload running)',
  })
  @IsOptional()
  @IsIn(['open'])
  status?: 'open';

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 3600,
    description: `With none open, hold the answer up to this many seconds (at most ${MAX_WAIT_SECONDS}) and answer as soon as one is made; [] at the end`,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3600)
  wait?: number;
}

export class DeclineRequestDto {
  @ApiProperty({ enum: DECLINE_REASONS })
  @IsIn(DECLINE_REASONS)
  reason: DeclineReason;
}

/** The longest window a person may ask a device for. */
export const MAX_WINDOW_HOURS = 24;

export class CreateFootageRequestDto {
  @ApiProperty({ format: 'uuid', description: "A device of the incident's facility" })
  @IsUUID('all')
  deviceId: string;
  @ApiProperty({ example: '2026-03-14T02:25:00+05:00' })
  @IsTimestampWithOffset()
  from: string;
  @ApiProperty({
    example: '2026-03-14T02:55:00+05:00',
    description: `After from, at most ${MAX_WINDOW_HOURS} h later`,
  })
  @IsTimestampWithOffset()
  to: string;
}
