import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsDefined,
  IsIn,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { LOCATION_SOURCES, SOS_STATUSES } from './sos.entity';
import type { LocationSource, SosStatus } from './sos.entity';

/** A phone's reported accuracy beyond this is no location at all. */
export const MAX_ACCURACY_M = 100_000;

export class CreateSosDto {
  @ApiProperty({ format: 'uuid', description: "The sender's own facility" })
  @IsUUID('all')
  facilityId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A unit of that facility' })
  @IsOptional()
  @IsUUID('all')
  unitId?: string;

  @ApiProperty({ example: 43.2389, minimum: -90, maximum: 90 })
  @IsDefined({ message: 'is required' })
  @IsNumber({}, { message: 'must be a number' })
  @IsLatitude({ message: 'must be a latitude from -90 to 90' })
  lat: number;

  @ApiProperty({ example: 76.8897, minimum: -180, maximum: 180 })
  @IsDefined({ message: 'is required' })
  @IsNumber({}, { message: 'must be a number' })
  @IsLongitude({ message: 'must be a longitude from -180 to 180' })
  lon: number;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: MAX_ACCURACY_M,
    description: 'Metres, as the phone reports it',
  })
  @IsOptional()
  @IsNumber({}, { message: 'must be a number' })
  @Min(0, { message: 'must be 0 or more' })
  @Max(MAX_ACCURACY_M, { message: `must be at most ${MAX_ACCURACY_M}` })
  accuracyM?: number | null;

  @ApiPropertyOptional({
    enum: LOCATION_SOURCES,
    default: 'device',
    description:
      "`facility` when the phone could not tell where it is and the page sent the facility's coordinates",
  })
  @IsOptional()
  @IsIn(LOCATION_SOURCES)
  locationSource?: LocationSource;
}

export class SosQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SOS_STATUSES })
  @IsOptional()
  @IsIn(SOS_STATUSES)
  status?: SosStatus;
}

export class CloseSosDto {
  @ApiProperty({ minLength: 1, maxLength: 2000, example: 'Tapped by mistake; nurse is safe' })
  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  @MaxLength(2000)
  reason: string;
}
