import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('unit_api_keys')
export class UnitApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  unitId: string;

  /** Public part of the key, used to find the row; the secret part is stored only as SHA-256. */
  @Column('text')
  prefix: string;

  @Column('bytea', { select: false })
  secretHash: Buffer;

  @Column('text')
  name: string;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  lastUsedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;
}
