import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Reason } from '../classification/classifier';
import type { Penalty } from '../classification/rule-set.types';
import { IncidentStatus, Outcome } from './incident-status';

@Entity('incidents')
export class Incident {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Human reference, INC-YYYY-NNNNNN. */
  @Column('text')
  reference: string;

  @Column('uuid')
  facilityId: string;

  @Column('uuid', { nullable: true })
  unitId: string | null;

  @Column('uuid')
  reporterId: string;

  @Column('timestamptz')
  occurredAt: Date;

  @Column('text')
  placeKind: string;

  /** The place's address and coordinates, the perpetrators' description, the narrative and the
   * witnesses are encrypted (FieldCipher); `incident-personal.ts` opens them. */
  @Column('bytea', { nullable: true })
  placeAddress: Buffer | null;

  @Column('bytea', { nullable: true })
  placeLat: Buffer | null;

  @Column('bytea', { nullable: true })
  placeLon: Buffer | null;

  @Column('text')
  kind: string;

  /** What the reporter ticked; `duringStateOfEmergency` is the fact the classification used. */
  @Column('boolean')
  reportedEmergency: boolean;

  @Column('boolean')
  duringStateOfEmergency: boolean;

  @Column('uuid', { nullable: true })
  emergencyId: string | null;

  @Column('text')
  perpetratorType: string;

  @Column('integer')
  perpetratorCount: number;

  @Column('bytea', { nullable: true })
  perpetratorDescription: Buffer | null;

  @Column('bytea', { nullable: true })
  narrative: Buffer | null;

  @Column('bytea', { nullable: true })
  witnesses: Buffer | null;

  @Column('text')
  status: IncidentStatus;

  @Column('text')
  category: string;

  @Column('jsonb')
  maxPenalty: Penalty;

  @Column('uuid')
  ruleSetId: string;

  @Column('integer')
  ruleSetVersion: number;

  @Column('jsonb')
  classificationReasons: Reason[];

  @Column('text', { nullable: true })
  erdrNumber: string | null;

  /** The event (several reports of one attack) this report is joined into; null for none. */
  @Column('uuid', { nullable: true })
  eventId: string | null;

  /** True for a report in no event and for its event's earliest report: statistics count events by it. */
  @Column('boolean', { default: true })
  countsEvent: boolean;

  @Column('text', { nullable: true })
  outcome: Outcome | null;

  @Column('text', { nullable: true })
  finalArticle: string | null;

  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  /** When the worker erased its personal data under the retention period; null while kept. */
  @Column('timestamptz', { nullable: true })
  personalDataErasedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('incident_victims')
export class IncidentVictim {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  incidentId: string;

  @Column('smallint')
  position: number;

  @Column('text')
  role: string;

  @Column('text')
  injury: string;

  @Column('bytea', { nullable: true })
  fullName: Buffer | null;

  @Column('uuid', { nullable: true })
  userId: string | null;

  /** False when another entry of the same event already counts the person this entry names. */
  @Column('boolean', { default: true })
  counted: boolean;
}

export type HistoryType =
  | 'created'
  | 'status_changed'
  | 'reclassified'
  | 'personal_data_erased'
  | 'addendum'
  | 'support_updated'
  | 'event_joined'
  | 'event_left';

@Entity('incident_history')
export class IncidentHistory {
  @PrimaryColumn({ type: 'bigint', generatedIdentity: 'ALWAYS', generated: 'identity' })
  id: string;

  @Column('uuid')
  incidentId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text', { nullable: true })
  actorRole: string | null;

  @Column('text')
  type: HistoryType;

  @Column('text', { nullable: true })
  fromStatus: string | null;

  @Column('text', { nullable: true })
  toStatus: string | null;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('jsonb', { default: {} })
  data: Record<string, unknown>;
}
