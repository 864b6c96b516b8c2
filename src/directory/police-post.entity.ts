import { Column, Entity } from 'typeorm';
import { DirectoryRecord } from '../common/persistence/record.base';
import { PostKind } from './directory.types';

@Entity('police_posts')
export class PolicePost extends DirectoryRecord {
  @Column('text')
  kind: PostKind;

  @Column('text')
  name: string;

  /** Null only for the national fallback duty desk. */
  @Column('uuid', { nullable: true })
  regionId: string | null;

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text', { nullable: true })
  webhookUrl: string | null;

  /** Set when the receiver answered 410 Gone; cleared when the webhook URL or secret changes. */
  @Column('timestamptz', { nullable: true })
  webhookDisabledAt: Date | null;

  /** AES-256-GCM sealed with SECRETS_KEY; never returned by the API. */
  @Column('bytea', { nullable: true, select: false })
  webhookSecretEnc: Buffer | null;

  /** The secret the last rotation replaced, sealed likewise; it signs beside the new one until `webhookPreviousSecretUntil`. */
  @Column('bytea', { nullable: true, select: false })
  webhookPreviousSecretEnc: Buffer | null;

  @Column('timestamptz', { nullable: true })
  webhookPreviousSecretUntil: Date | null;
}

@Entity('police_post_facilities')
export class PolicePostFacility {
  @Column('uuid', { primary: true })
  policePostId: string;

  @Column('uuid', { primary: true })
  facilityId: string;
}
