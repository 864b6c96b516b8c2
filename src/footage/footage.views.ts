/** The footage answers besides the footage itself (FootageView, in footage-view.ts). */
import { ApiProperty } from '@nestjs/swagger';
import type { CustodyAction, CustodyEntry } from './custody.service';
import type { StartedUpload } from './direct-uploads.service';
import type { FootageStatus } from './footage.entity';
import type { RecheckRequested } from './footage.service';
import { FOOTAGE_STATUSES } from './footage-view';

const MOMENT = { type: 'string', format: 'date-time' } as const;
const SHA256 = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;

const CUSTODY_ACTIONS: CustodyAction[] = [
  'uploaded',
  'verified',
  'rejected',
  'linked',
  'unlinked',
  'content_accessed',
  'rechecked',
  'integrity_failed',
  'retention_changed',
  'deleted',
  'packaged',
  'package_downloaded',
];

export class PartUrlView {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 10000 }) partNumber: number;
  @ApiProperty({ format: 'uri', description: 'Presigned PUT for this part' }) url: string;
}

export class StartedUploadView implements StartedUpload {
  @ApiProperty({ format: 'uuid' }) footageId: string;
  @ApiProperty({ description: "The store's multipart upload id: complete or abort with it" })
  uploadId: string;
  @ApiProperty({ type: 'integer', description: 'Bytes per part; the last part may be shorter' })
  partSize: number;
  @ApiProperty({ type: [PartUrlView] }) parts: PartUrlView[];
  @ApiProperty({ ...MOMENT, description: 'When the part URLs stop working' }) expiresAt: Date;
}

export class CustodyEntryView implements CustodyEntry {
  @ApiProperty({ description: 'Position in the chain' }) id: string;
  @ApiProperty(MOMENT) at: Date;
  @ApiProperty({
    enum: ['user', 'device', 'system', 'share_link'],
    description: 'share_link: someone without an account who opened an evidence package link',
  })
  actorType: string;
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    nullable: true,
    description:
      "The user's id, the device gateway's API key id, or the share link's id; null for the system",
  })
  actorId: string | null;
  @ApiProperty({ type: 'string', nullable: true }) ip: string | null;
  @ApiProperty({ enum: CUSTODY_ACTIONS }) action: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
  @ApiProperty({ ...SHA256, description: "The previous entry's hash (zeros for the first)" })
  prevHash: string;
  @ApiProperty({ ...SHA256, description: "SHA-256 over prevHash and this entry's fields" })
  hash: string;
}

export class CustodyView {
  @ApiProperty({ format: 'uuid' }) footageId: string;
  @ApiProperty({ ...SHA256, nullable: true }) sha256: string | null;
  @ApiProperty({ enum: FOOTAGE_STATUSES }) status: FootageStatus;
  @ApiProperty({ ...MOMENT, nullable: true }) lastCheckedAt: Date | null;
  @ApiProperty({ description: 'Whether every entry matches its hash and links to the one before' })
  valid: boolean;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'The id of the first entry that does not verify',
  })
  brokenAt: string | null;
  @ApiProperty({ type: [CustodyEntryView], description: 'Oldest first' })
  events: CustodyEntryView[];
}

export class RecheckRequestedView implements RecheckRequested {
  @ApiProperty({ format: 'uuid' }) footageId: string;
  @ApiProperty(MOMENT) requestedAt: Date;
}
