import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One officer on duty at a post from `startsAt` until `endsAt` (at most 24 hours). */
@Entity('police_shifts')
export class PoliceShift {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  policePostId: string;

  @Column('uuid')
  userId: string;

  @Column('timestamptz')
  startsAt: Date;

  @Column('timestamptz')
  endsAt: Date;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
