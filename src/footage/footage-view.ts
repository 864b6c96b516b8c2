import { AppError, ErrorCode } from '../common/app-error';
import { Footage } from './footage.entity';
import type { HoldRole } from './legal-hold-rules';

export interface FootageView {
  id: string;
  sha256: string | null;
  size: number;
  contentType: string;
  status: string;
  facilityId: string;
  unitId: string | null;
  deviceId: string | null;
  /**
   * `device`: sent by a device gateway with its API key; `person`: uploaded by someone signed in,
   * even when it names a device (a facility admin exporting a recorder's file).
   */
  uploadedBy: 'device' | 'person';
  recordedFrom: Date | null;
  recordedTo: Date | null;
  legalHold: boolean;
  /** The role of whoever holds the footage: it decides who may release the hold. */
  legalHoldBy: HoldRole | null;
  legalHoldSince: Date | null;
  fileName: string | null;
  verifiedAt: Date | null;
  rejectionReason: string | null;
  lastCheckedAt: Date | null;
  deletedAt: Date | null;
  createdAt: Date;
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
