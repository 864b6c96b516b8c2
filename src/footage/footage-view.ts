import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../auth/roles';
import { AppError, ErrorCode } from '../common/app-error';
import { Footage, FootageStatus } from './footage.entity';
import type { HoldRole } from './legal-hold-rules';

export const FOOTAGE_STATUSES: FootageStatus[] = [
  'uploading',
  'stored',
  'verified',
  'rejected',
  'integrity_failed',
  'deleted',
];
const HOLD_ROLES: HoldRole[] = [Role.FacilityAdmin, Role.Police, Role.Admin];
const MOMENT = { type: 'string', format: 'date-time' } as const;
const OPTIONAL_MOMENT = { ...MOMENT, nullable: true } as const;

/** Footage as every answer shows it: the record, never the object key or anything personal. */
export class FootageView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    type: 'string',
    nullable: true,
    pattern: '^[0-9a-f]{64}$',
    description: 'SHA-256 of the bytes, hex; null until a direct upload is verified',
  })
  sha256: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Bytes' }) size: number;
  @ApiProperty({ example: 'video/mp4' }) contentType: string;
  @ApiProperty({
    enum: FOOTAGE_STATUSES,
    description:
      'stored: complete, awaiting verification; verified/rejected: its bytes were checked; ' +
      'integrity_failed: a later re-hash found it changed or gone; deleted: removed under the retention policy',
  })
  status: FootageStatus;
  @ApiProperty({ format: 'uuid' }) facilityId: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) unitId: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) deviceId: string | null;
  @ApiProperty({
    enum: ['device', 'person'],
    description:
      'device: sent by a device gateway with its API key; person: uploaded by someone signed in, ' +
      "even when it names a device (a facility admin exporting a recorder's file)",
  })
  uploadedBy: 'device' | 'person';
  @ApiProperty(OPTIONAL_MOMENT) recordedFrom: Date | null;
  @ApiProperty(OPTIONAL_MOMENT) recordedTo: Date | null;
  @ApiProperty() legalHold: boolean;
  @ApiProperty({
    enum: HOLD_ROLES,
    nullable: true,
    description: 'The role of whoever holds the footage: it decides who may release the hold',
  })
  legalHoldBy: HoldRole | null;
  @ApiProperty(OPTIONAL_MOMENT) legalHoldSince: Date | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'As the uploader named the file' })
  fileName: string | null;
  @ApiProperty(OPTIONAL_MOMENT) verifiedAt: Date | null;
  @ApiProperty({ type: 'string', nullable: true }) rejectionReason: string | null;
  @ApiProperty({ ...OPTIONAL_MOMENT, description: 'When its bytes were last hashed and compared' })
  lastCheckedAt: Date | null;
  @ApiProperty(OPTIONAL_MOMENT) deletedAt: Date | null;
  @ApiProperty(MOMENT) createdAt: Date;
}

/** Footage that may show an incident, with how long its recording overlaps the incident time. */
export class FootageSuggestionView extends FootageView {
  @ApiProperty({ type: 'integer', description: 'Seconds of overlap with the match window' })
  overlapSeconds: number;
}

export const footageView = (f: Footage): FootageView => ({
  id: f.id,
  sha256: f.sha256,
  size: Number(f.size),
  contentType: f.contentType,
  status: f.status,
  facilityId: f.facilityId,
  unitId: f.unitId,
  deviceId: f.deviceId,
  uploadedBy: f.uploadedByKey ? 'device' : 'person',
  recordedFrom: f.recordedFrom,
  recordedTo: f.recordedTo,
  legalHold: f.legalHold,
  legalHoldBy: f.legalHoldByRole,
  legalHoldSince: f.legalHoldSince,
  fileName: f.fileName,
  verifiedAt: f.verifiedAt,
  rejectionReason: f.rejectionReason,
  lastCheckedAt: f.lastCheckedAt,
  deletedAt: f.deletedAt,
  createdAt: f.createdAt,
});

/** Footage whose object is in the bucket and may be linked, suggested and viewed. */
export const USABLE = ['stored', 'verified'];

export const gone = (f: Footage) =>
  new AppError(
    ErrorCode.Gone,
    `The footage was deleted on ${f.deletedAt?.toISOString() ?? 'an earlier date'} under the retention policy`,
  );
