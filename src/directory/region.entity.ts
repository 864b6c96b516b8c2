import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('regions')
export class Region {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** ISO 3166-2:KZ code, e.g. KZ-75 for Almaty. */
  @Column('text')
  code: string;

  @Column('text')
  kind: 'region' | 'city';

  @Column('text')
  nameEn: string;

  @Column('text')
  nameRu: string;

  @Column('text')
  nameKk: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
