import { Column, Entity, PrimaryColumn } from 'typeorm';

export type AuditActorType = 'user' | 'device' | 'system' | 'anonymous';

@Entity('audit_log')
export class AuditEntry {
  /** Position in the chain; bigint arrives from pg as a string. */
  @PrimaryColumn('bigint')
  seq: string;

  @Column('timestamptz')
  occurredAt: Date;

  @Column('text')
  actorType: AuditActorType;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text')
  action: string;

  @Column('text', { nullable: true })
  entityType: string | null;

  @Column('text', { nullable: true })
  entityId: string | null;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('text', { nullable: true })
  requestId: string | null;

  @Column('jsonb', { default: {} })
  details: Record<string, unknown>;

  @Column('text')
  prevHash: string;

  @Column('text')
  hash: string;
}
