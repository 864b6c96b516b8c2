import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { HoldRole } from './legal-hold-rules';

/**
 * uploading: a device is sending parts straight to the bucket; stored: the object is complete and
 * awaits verification; verified / rejected: its bytes were re-read and checked; integrity_failed:
 * a later re-hash found the object changed or gone (kept as it is, never deleted by retention);
 * deleted: removed by the retention job, the record and its chain of custody kept.
 */
export type FootageStatus =
  'uploading' | 'stored' | 'verified' | 'rejected' | 'integrity_failed' | 'deleted';

@Entity('footage')
export class Footage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  facilityId: string;

  @Column('uuid', { nullable: true })
  unitId: string | null;

  @Column('uuid', { nullable: true })
  deviceId: string | null;

  /** The person who uploaded the file, or null when a device gateway sent it. */
  @Column('uuid', { name: 'uploaded_by', nullable: true })
  uploaderId: string | null;

  /** The API key of the device gateway that sent the file, or null when a person uploaded it. */
  @Column('uuid', { nullable: true })
  uploadedByKey: string | null;

  /** Object key in the evidence bucket; never derived from a user-supplied name. */
  @Column('text', { select: false })
  objectKey: string;

  @Column('text')
  contentType: string;

  /** bigint arrives from pg as a string. */
  @Column('bigint')
  size: string;

  @Column('text', { nullable: true })
  sha256: string | null;

  @Column('text', { nullable: true })
  declaredSha256: string | null;

  @Column('text')
  status: FootageStatus;

  @Column('timestamptz', { nullable: true })
  recordedFrom: Date | null;

  @Column('timestamptz', { nullable: true })
  recordedTo: Date | null;

  @Column('boolean', { default: false })
  legalHold: boolean;

  /** Who put the footage under legal hold, in which role and since when; null when not held. */
  @Column('uuid', { nullable: true })
  legalHoldBy: string | null;

  @Column('text', { nullable: true })
  legalHoldByRole: HoldRole | null;

  @Column('timestamptz', { nullable: true })
  legalHoldSince: Date | null;

  /** The name the uploader gave the file; shown, never used in the object key. */
  @Column('text', { nullable: true })
  fileName: string | null;

  /** The store's multipart upload id while a device sends parts. */
  @Column('text', { nullable: true, select: false })
  uploadId: string | null;

  @Column('int', { nullable: true })
  partSize: number | null;

  @Column('timestamptz', { nullable: true })
  verifiedAt: Date | null;

  @Column('text', { nullable: true })
  rejectionReason: string | null;

  /** When the object's bytes were last hashed and compared: at verification, then periodically. */
  @Column('timestamptz', { nullable: true })
  lastCheckedAt: Date | null;

  /** A person asked for a re-check that the worker has not made yet. */
  @Column('timestamptz', { nullable: true })
  recheckRequestedAt: Date | null;

  /** The retention period runs from here: arrival, the last unlink, or the end of a legal hold. */
  @Column('timestamptz')
  retentionFrom: Date;

  @Column('timestamptz', { nullable: true })
  deletedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
