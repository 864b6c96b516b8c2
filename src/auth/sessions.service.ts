import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, LessThan, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { UserActor } from './roles';
import { Session } from './session.entity';
import { preparedQuery } from '../common/persistence/prepared-query';
import { newToken, sha256 } from './tokens';

/** Where a sign-in came from, as the sessions list shows it. */
export interface SessionOrigin {
  address: string | null;
  userAgent: string | null;
}

export const USER_AGENT_MAX = 300;
/** How stale `last_used_at` may get: resolving a session writes at most this often. */
const LAST_USED_GRANULARITY_MS = 60_000;

/** Opaque bearer tokens backed by rows, so sign-out and deactivation take effect at once. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async create(
    userId: string,
    origin: SessionOrigin = { address: null, userAgent: null },
  ): Promise<{ token: string; session: Session }> {
    const token = newToken('mgs');
    const now = this.clock.now();
    const session = await this.sessions.save(
      this.sessions.create({
        userId,
        tokenHash: sha256(token),
        createdAt: now,
        lastUsedAt: now,
        expiresAt: new Date(now.getTime() + this.config.auth.sessionTtlMinutes * 60_000),
        address: origin.address?.slice(0, 64) ?? null,
        userAgent: origin.userAgent
          ? [...origin.userAgent].slice(0, USER_AGENT_MAX).join('')
          : null,
      }),
    );
    return { token, session };
  }

  /** Runs on every signed-in request: one indexed lookup, written as plain SQL. */
  async resolve(token: string): Promise<UserActor | null> {
    const [row] = (await preparedQuery(
      this.sessions.manager,
      'session-resolve-used',
      `SELECT s.id AS session_id, s.last_used_at, u.id, u.role, u.facility_id, u.police_post_id, u.locale,
              (m.confirmed_at IS NOT NULL) AS mfa_enabled
         FROM sessions s JOIN users u ON u.id = s.user_id
         LEFT JOIN user_mfa m ON m.user_id = u.id AND m.confirmed_at IS NOT NULL
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.deactivated_at IS NULL`,
      [sha256(token)],
    )) as Array<{
      session_id: string;
      last_used_at: Date | null;
      id: string;
      role: UserActor['role'];
      facility_id: string | null;
      police_post_id: string | null;
      locale: UserActor['locale'];
      mfa_enabled: boolean;
    }>;
    if (!row) return null;
    const now = this.clock.ms();
    if (!row.last_used_at || now - row.last_used_at.getTime() >= LAST_USED_GRANULARITY_MS)
      await this.sessions.manager.query(
        `UPDATE sessions SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $3)`,
        [row.session_id, new Date(now), new Date(now - LAST_USED_GRANULARITY_MS)],
      );
    return {
      kind: 'user',
      id: row.id,
      role: row.role,
      facilityId: row.facility_id,
      policePostId: row.police_post_id,
      locale: row.locale,
      sessionId: row.session_id,
      mfaEnabled: row.mfa_enabled,
      mfaSetupRequired: !row.mfa_enabled && this.config.auth.mfaRequiredRoles.includes(row.role),
    };
  }

  /** The user's sessions that still work, newest first. */
  active(userId: string): Promise<Session[]> {
    return this.sessions
      .createQueryBuilder('s')
      .where('s.user_id = :userId AND s.revoked_at IS NULL AND s.expires_at > :now', {
        userId,
        now: this.clock.now(),
      })
      .orderBy('s.created_at', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .getMany();
  }

  async revoke(sessionId: string): Promise<void> {
    await this.revokeWhere(this.sessions.manager, 'id = $1', [sessionId]);
  }

  /** Ends one of the user's own sessions; false when the user has no such working session. */
  async revokeOwn(userId: string, sessionId: string): Promise<boolean> {
    const ended = await this.revokeWhere(this.sessions.manager, 'id = $1 AND user_id = $2', [
      sessionId,
      userId,
    ]);
    return ended.length > 0;
  }

  /** Ends every session of the user but the one given; answers how many were ended. */
  async revokeOthers(userId: string, keepSessionId: string, m?: EntityManager): Promise<number> {
    const ended = await this.revokeWhere(m ?? this.sessions.manager, 'user_id = $1 AND id <> $2', [
      userId,
      keepSessionId,
    ]);
    return ended.length;
  }

  /** Ends every session of the user at once, and drops every push subscription of theirs. */
  async revokeAllFor(userId: string, m: EntityManager = this.sessions.manager): Promise<void> {
    await this.revokeWhere(m, 'user_id = $1', [userId]);
    await m.query(`DELETE FROM push_subscriptions WHERE user_id = $1`, [userId]);
  }

  /**
   * Marks the matching working sessions revoked and drops the push subscriptions they made, in
   * one statement, so a revoked sign-in's device gets nothing more.
   */
  private async revokeWhere(m: EntityManager, where: string, params: unknown[]): Promise<string[]> {
    const at = this.clock.now();
    const rows = (await m.query(
      `WITH ended AS (
         UPDATE sessions SET revoked_at = $${params.length + 1}
          WHERE ${where} AND revoked_at IS NULL RETURNING id
       ), dropped AS (
         DELETE FROM push_subscriptions WHERE session_id IN (SELECT id FROM ended)
       )
       SELECT id FROM ended`,
      [...params, at],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** Drops sessions that expired or were revoked more than a day ago. */
  async purgeExpired(): Promise<number> {
    const cutoff = new Date(this.clock.ms() - 24 * 3600_000);
    const expired = await this.sessions.delete({ expiresAt: LessThan(cutoff) });
    const revoked = await this.sessions.delete({ revokedAt: LessThan(cutoff) });
    return (expired.affected ?? 0) + (revoked.affected ?? 0);
  }
}
