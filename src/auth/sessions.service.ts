import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, LessThan, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { UserActor } from './roles';
import { Session } from './session.entity';
import { preparedQuery } from '../common/persistence/prepared-query';
import { newToken, sha256 } from './tokens';

/** Opaque bearer tokens backed by rows, so sign-out and deactivation take effect at once. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly config: AppConfig,
  ) {}

  async create(userId: string): Promise<{ token: string; session: Session }> {
    const token = newToken('mgs');
    const session = await this.sessions.save(
      this.sessions.create({
        userId,
        tokenHash: sha256(token),
        expiresAt: new Date(Date.now() + this.config.auth.sessionTtlMinutes * 60_000),
      }),
    );
    return { token, session };
  }

  /** Runs on every signed-in request: one indexed lookup, written as plain SQL. */
  async resolve(token: string): Promise<UserActor | null> {
    const [row] = (await preparedQuery(
      this.sessions.manager,
      'session-resolve',
      `SELECT s.id AS session_id, u.id, u.role, u.facility_id, u.police_post_id, u.locale,
              (m.confirmed_at IS NOT NULL) AS mfa_enabled
         FROM sessions s JOIN users u ON u.id = s.user_id
         LEFT JOIN user_mfa m ON m.user_id = u.id AND m.confirmed_at IS NOT NULL
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.deactivated_at IS NULL`,
      [sha256(token)],
    )) as Array<{
      session_id: string;
      id: string;
      role: UserActor['role'];
      facility_id: string | null;
      police_post_id: string | null;
      locale: UserActor['locale'];
      mfa_enabled: boolean;
    }>;
    if (!row) return null;
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

  async revoke(sessionId: string): Promise<void> {
    await this.sessions.update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeAllFor(userId: string): Promise<void> {
    await this.sessions.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Drops sessions that expired or were revoked more than a day ago. */
  async purgeExpired(): Promise<number> {
    const cutoff = new Date(Date.now() - 24 * 3600_000);
    const expired = await this.sessions.delete({ expiresAt: LessThan(cutoff) });
    const revoked = await this.sessions.delete({ revokedAt: LessThan(cutoff) });
    return (expired.affected ?? 0) + (revoked.affected ?? 0);
  }
}
