import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RuleSetDefinition } from './rule-set.types';

@Entity('classification_rule_sets')
export class RuleSet {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('integer')
  version: number;

  /** Incidents that occurred from this moment on are classified by this version. */
  @Column('timestamptz')
  effectiveFrom: Date;

  @Column('text')
  article: string;

  @Column('jsonb')
  definition: RuleSetDefinition;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
