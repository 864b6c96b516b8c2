import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export type FootageStatus = 'uploading' | 'stored' | 'verified' | 'rejected';

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

  @Column('uuid', { nullable: true })
  uploadedBy: string | null;

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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
