import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('sessions')
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  /** SHA-256 of the bearer token; the token itself is never stored. */
  @Column('bytea')
  tokenHash: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  /** Updated at most once a minute, so that resolving a session stays one read. */
  @Column('timestamptz', { nullable: true })
  lastUsedAt: Date | null;

  /** The client's address at sign-in, as the trust-proxy rules give it. */
  @Column('text', { nullable: true })
  address: string | null;

  /** The browser or client that signed in, cut to USER_AGENT_MAX characters. */
  @Column('text', { nullable: true })
  userAgent: string | null;
}
