import { Column, CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Columns every directory record has: a UUID, the demo-data mark, and its timestamps. */
export abstract class DirectoryRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Seeded demo or synthetic data, never mixed into a real deployment by default. */
  @Column('boolean', { default: false })
  isDemo: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
