import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ALERT_STATUSES = [
  'pending',
  'delivered',
  'delivery_failed',
  'acknowledged',
  'escalated',
] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** A notification of an incident, or of an SOS before its report, to one police post. */
@Entity('alerts')
export class Alert {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Empty for the alert of an SOS no report has attached to yet. */
  @Column('uuid', { nullable: true })
  incidentId: string | null;

  /** The SOS the alert was raised for, kept once a report attaches to it. */
  @Column('uuid', { nullable: true })
  sosId: string | null;

  @Column('uuid')
  policePostId: string;

  @Column('text')
  status: AlertStatus;

  /** 1 is the most urgent. */
  @Column('smallint')
  priority: number;

  @Column('smallint')
  escalationLevel: number;

  /** The alert this one escalated from. */
  @Column('uuid', { nullable: true })
  parentAlertId: string | null;

  /** Unacknowledged by then, the alert escalates. */
  @Column('timestamptz')
  deadlineAt: Date;

  @Column('timestamptz', { nullable: true })
  deliveredAt: Date | null;

  @Column('timestamptz', { nullable: true })
  acknowledgedAt: Date | null;

  @Column('uuid', { nullable: true })
  acknowledgedBy: string | null;

  @Column('timestamptz', { nullable: true })
  escalatedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
