import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A notification of an incident to one police post. */
@Entity('alerts')
export class Alert {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  incidentId: string;

  @Column('uuid')
  policePostId: string;

  @Column('text')
  status: string;

  /** 1 is the most urgent. */
  @Column('smallint')
  priority: number;

  @Column('smallint')
  escalationLevel: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
