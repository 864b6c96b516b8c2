import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
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

export class CustodyQuery {
  @ApiPropertyOptional({ description: 'Also stream the object back and compare its SHA-256' })
  @IsOptional()
  @IsIn(['true', 'false'])
  recheck?: 'true' | 'false';
}
