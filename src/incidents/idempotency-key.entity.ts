import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('idempotency_keys')
export class IdempotencyKey {
  @PrimaryColumn('uuid')
  userId: string;

  @PrimaryColumn('text')
  key: string;

  /** SHA-256 of the request body, to tell a true repeat from a reused key. */
  @Column('text')
  fingerprint: string;

  @Column('text')
  state: 'in_flight' | 'done';

  @Column('integer', { nullable: true })
  responseStatus: number | null;

  /** The stored answer as JSON, encrypted (FieldCipher): it holds the report's personal data. */
  @Column('bytea', { nullable: true })
  responseBody: Buffer | null;

  @Column('timestamptz')
  lockedAt: Date;

  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz')
  expiresAt: Date;
}
