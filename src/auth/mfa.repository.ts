import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface MfaRow {
  secretEnc: Buffer;
  confirmed: boolean;
  lastUsedStep: number | null;
}

/**
 * An account's TOTP secret and recovery codes. Taking a code is one conditional UPDATE each, so of
 * two requests carrying the same code exactly one takes it.
 */
@Injectable()
export class MfaRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The account's secret, locked for the transaction when a manager is given. */
  async find(userId: string, m?: EntityManager): Promise<MfaRow | null> {
    const [row] = (await (m ?? this.dataSource).query(
      `SELECT secret_enc, confirmed_at IS NOT NULL AS confirmed, last_used_step
         FROM user_mfa WHERE user_id = $1${m ? ' FOR UPDATE' : ''}`,
      [userId],
    )) as Array<{ secret_enc: Buffer; confirmed: boolean; last_used_step: string | null }>;
    if (!row) return null;
    return {
      secretEnc: row.secret_enc,
      confirmed: row.confirmed,
      lastUsedStep: row.last_used_step === null ? null : Number(row.last_used_step),
    };
  }

  /** Stores a pending secret, replacing a pending one; false when MFA is already on. */
  async putPending(userId: string, secretEnc: Buffer, at: Date): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO user_mfa (user_id, secret_enc, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET secret_enc = EXCLUDED.secret_enc, created_at = EXCLUDED.created_at
         WHERE user_mfa.confirmed_at IS NULL
       RETURNING user_id`,
      [userId, secretEnc, at],
    )) as unknown[];
    return rows.length === 1;
  }

  /** Turns the pending secret on with the step its first code used, and replaces the recovery codes. */
  async confirm(
    m: EntityManager,
    userId: string,
    step: number,
    codeHashes: Buffer[],
    at: Date,
  ): Promise<void> {
    await m.query(
      `UPDATE user_mfa SET confirmed_at = $2, last_used_step = $3 WHERE user_id = $1 AND confirmed_at IS NULL`,
      [userId, at, step],
    );
    await m.query(`DELETE FROM user_recovery_codes WHERE user_id = $1`, [userId]);
    await m.query(
      `INSERT INTO user_recovery_codes (user_id, code_hash, created_at)
       SELECT $1, h, $3 FROM unnest($2::bytea[]) AS h`,
      [userId, codeHashes, at],
    );
  }

  /** Takes a time step of the active secret: true only for a step later than any taken before. */
  async takeStep(userId: string, step: number, m?: EntityManager): Promise<boolean> {
    const rows = (await (m ?? this.dataSource).query(
      `UPDATE user_mfa SET last_used_step = $2
        WHERE user_id = $1 AND confirmed_at IS NOT NULL
          AND (last_used_step IS NULL OR last_used_step < $2)
       RETURNING user_id`,
      [userId, step],
    )) as [unknown[], number];
    return rows[1] === 1;
  }

  /** Takes an unused recovery code; answers its id and how many are left, or null. */
  async takeRecoveryCode(
    userId: string,
    codeHash: Buffer,
    at: Date,
    m?: EntityManager,
  ): Promise<{ id: string; remaining: number } | null> {
    const rows = (await (m ?? this.dataSource).query(
      `WITH taken AS (
         UPDATE user_recovery_codes SET used_at = $3
          WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL
         RETURNING id)
       SELECT taken.id, (SELECT count(*)::int - 1 FROM user_recovery_codes
                          WHERE user_id = $1 AND used_at IS NULL) AS remaining
         FROM taken`,
      [userId, codeHash, at],
    )) as Array<{ id: string; remaining: number }>;
    return rows[0] ?? null;
  }

  async remove(m: EntityManager, userId: string): Promise<void> {
    await m.query(`DELETE FROM user_recovery_codes WHERE user_id = $1`, [userId]);
    await m.query(`DELETE FROM user_mfa WHERE user_id = $1`, [userId]);
  }
}
