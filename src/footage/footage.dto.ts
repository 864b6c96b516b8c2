import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmpty,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { EachValidated } from '../common/nested-list';
import { IsTimestampWithOffset } from '../common/timestamp.validator';

/** The form fields sent with the file (multipart); required for device gateways. */
export class UploadFootageDto {
  /** The file itself is read by the upload stream, not as a field; listed for the API docs. */
  @ApiProperty({ type: 'string', format: 'binary' }) @IsOptional() file?: unknown;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') deviceId?: string;
  @ApiPropertyOptional({ example: '2026-03-14T02:35:00+05:00' })
  @IsOptional()
  @IsTimestampWithOffset()
  recordedFrom?: string;
  @ApiPropertyOptional({ example: '2026-03-14T02:50:00+05:00' })
  @IsOptional()
  @IsTimestampWithOffset()
  recordedTo?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Link to this incident on upload' })
  @IsOptional()
  @IsUUID('all')
  incidentId?: string;
}

/** The chain of custody takes no options; the object is re-hashed by POST /footage/:id/recheck. */
export class CustodyQuery {
  @ApiPropertyOptional({ deprecated: true, description: 'Refused: use POST /footage/:id/recheck' })
  @IsOptional()
  @IsEmpty({
    message:
      'is no longer taken; POST /api/v1/footage/:id/recheck has the worker re-hash the object',
  })
  recheck?: string;
}

/** A device announcing a file it will send straight to the bucket in parts. */
export class StartUploadDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') deviceId: string;
  @ApiProperty({ example: 'CAM07_20260314_023500.mp4', maxLength: 255 })
  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  @MaxLength(255)
  fileName: string;
  @ApiProperty({ description: 'Bytes', minimum: 1 }) @IsInt() @Min(1) size: number;
  @ApiProperty({ example: 'video/mp4' }) @IsString() @MaxLength(100) contentType: string;
  @ApiProperty({ example: '2026-03-14T02:35:00+05:00' })
  @IsTimestampWithOffset()
  recordedFrom: string;
  @ApiProperty({ example: '2026-03-14T02:50:00+05:00' })
  @IsTimestampWithOffset()
  recordedTo: string;
  @ApiPropertyOptional({ description: 'SHA-256 of the whole file, hex; checked after upload' })
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'must be 64 hexadecimal characters' })
  sha256?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The footage request this file answers (GET /footage-requests): an open or uploading request of the same device; completing the upload fulfils it and links the footage to its incident',
  })
  @IsOptional()
  @IsUUID('all')
  requestId?: string;
}

export class UploadedPartDto {
  @ApiProperty({ minimum: 1, maximum: 10000 }) @IsInt() @Min(1) @Max(10000) partNumber: number;
  @ApiProperty({ description: 'The ETag header the store returned for the part' })
  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  @MaxLength(200)
  etag: string;
}

export class CompleteUploadDto {
  @ApiProperty({ type: [UploadedPartDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'must list at least one part' })
  @ArrayMaxSize(10000)
  @EachValidated(() => UploadedPartDto)
  parts: UploadedPartDto[];
}

export class LegalHoldDto {
  @ApiProperty({ description: 'true puts the footage under legal hold, false releases it' })
  @IsBoolean()
  legalHold: boolean;
  @ApiProperty({ example: 'Requested by the investigator, case 2026-000123', maxLength: 500 })
  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  @MaxLength(500)
  reason: string;
}
