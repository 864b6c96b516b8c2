import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { managedAccount } from './managed-account';
import { AppConfig } from '../config/app-config';
import { PasswordHasher } from './password-hasher';
import { PasswordResetView, UsePasswordResetDto } from './password.dto';
import { throttled } from './passwords.service';
import { Actor, Caller } from './roles';
import { ResetLinkLimiter } from './reset-link-limiter';
import { SessionsService } from './sessions.service';
import { newToken, sha256 } from './tokens';

export const RESET_LINK_HOURS = 24;
const LINK_REFUSED = 'is not a valid password-reset link: it is unknown, used, replaced or expired';

/**
 * One-time password-reset links an admin (or a facility admin, for the own facility's staff)
 * hands to a person. The token is shown once and kept as its SHA-256; an account has at most one
 * link, so a newer one voids the older; using it deletes it in the same statement that finds it.
 */
@Injectable()
export class PasswordResetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly limiter: ResetLinkLimiter,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async issue(userId: string, caller: Caller): Promise<PasswordResetView> {
    const target = await this.target(caller.actor, userId);
    return this.dataSource.transaction((m) => this.issueIn(m, target.id, caller));
  }

  /**
   * Issues the link inside the caller's transaction, for an account the caller may manage: a
   * reset, or the first password of an account created without one (`POST /users`), so the
   * account and its link are written together or not at all. Audited without the token.
   */
  async issueIn(m: EntityManager, userId: string, caller: Caller): Promise<PasswordResetView> {
    const token = newToken('mgr');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + RESET_LINK_HOURS * 3600_000);
    await m.query(
      `INSERT INTO password_resets (user_id, token_hash, issued_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash,
         issued_by = EXCLUDED.issued_by, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at`,
      [
        userId,
        sha256(token),
        caller.actor.kind === 'user' ? caller.actor.id : null,
        now,
        expiresAt,
      ],
    );
    await this.audit.record(m, caller, {
      action: 'user.password_reset_issued',
      entityType: 'user',
      entityId: userId,
      details: { expiresAt: expiresAt.toISOString() },
    });
    const base = this.config.publicUrl.replace(/\/+$/, '');
    return { url: `${base}/password-reset#${token}`, expiresAt: expiresAt.toISOString() };
  }

  /**
   * Sets the password the link is for and ends every session of the account. Refused tokens are
   * counted per address (ResetLinkLimiter), so links cannot be guessed at speed.
   */
  async use(dto: UsePasswordResetDto, caller: Caller<Actor | null>): Promise<void> {
    const wait = await this.limiter.wait(caller.ip);
    if (wait > 0) throw throttled(wait);
    const passwordHash = await this.hasher.hash(dto.newPassword);
    const userId = await this.dataSource.transaction(async (m) => {
      const now = this.clock.now();
      // A DELETE answers [rows, count]; the row is gone for every later (or waiting) attempt.
      const [[link]] = (await m.query(
        `DELETE FROM password_resets WHERE token_hash = $1 RETURNING user_id, issued_by, expires_at`,
        [sha256(dto.token)],
      )) as [Array<{ user_id: string; issued_by: string | null; expires_at: Date }>, number];
      if (!link || link.expires_at <= now) return null;
      const [, updated] = (await m.query(
        `UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1 AND deactivated_at IS NULL`,
        [link.user_id, passwordHash, now],
      )) as [unknown, number];
      if (!updated) return null;
      await this.sessions.revokeAllFor(link.user_id, m);
      await this.audit.record(m, caller, {
        action: 'user.password_reset_used',
        entityType: 'user',
        entityId: link.user_id,
        details: { issuedBy: link.issued_by },
      });
      return link.user_id;
    });
    if (!userId) {
      await this.limiter.refused(caller.ip);
      throw AppError.invalid('token', LINK_REFUSED);
    }
  }

  /** The account a link may be issued for, as the directory's rules for changing users say. */
  private target(actor: Actor, userId: string): Promise<{ id: string }> {
    return managedAccount(this.dataSource.manager, actor, userId, {
      own: 'Change your own password with POST /api/v1/auth/password',
      deactivated: 'The account is deactivated; reactivate it before resetting its password',
    });
  }
}
