import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { ChangePasswordDto } from './password.dto';
import { Caller, UserActor } from './roles';
import { SessionsService } from './sessions.service';

/** A refusal the sign-in limits gave, in the same words and with the same wait as a sign-in's. */
export function throttled(wait: number): AppError {
  return new AppError(ErrorCode.RateLimited, 'Too many failed attempts; try again later', [], {
    'Retry-After': String(wait),
  });
}

/** People changing their own password. */
@Injectable()
export class PasswordsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * The current password is checked like a sign-in, and counted in the same limits, so a stolen
   * session cannot be used to guess it; the other sessions end, this one stays.
   */
  async change(dto: ChangePasswordDto, caller: Caller<UserActor>): Promise<void> {
    const [user] = (await this.dataSource.query(
      `SELECT email, password_hash FROM users WHERE id = $1`,
      [caller.actor.id],
    )) as Array<{ email: string; password_hash: string }>;
    const wait = await this.throttle.attempt(user.email, caller.ip);
    if (wait > 0) {
      await this.audit.record(null, caller, {
        action: 'auth.login_throttled',
        entityType: 'user',
        entityId: caller.actor.id,
        details: { retryAfterSeconds: wait, during: 'password_change' },
      });
      throw throttled(wait);
    }
    if (!(await this.hasher.verify(dto.currentPassword, user.password_hash))) {
      await this.audit.record(null, caller, {
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: caller.actor.id,
        details: { reason: 'wrong_current_password' },
      });
      throw AppError.invalid('currentPassword', 'is not your current password');
    }
    await this.throttle.succeeded(user.email, caller.ip);
    const passwordHash = await this.hasher.hash(dto.newPassword);
    await this.dataSource.transaction(async (m) => {
      await m.query(`UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1`, [
        caller.actor.id,
        passwordHash,
        this.clock.now(),
      ]);
      const ended = await this.sessions.revokeOthers(caller.actor.id, caller.actor.sessionId, m);
      await this.audit.record(m, caller, {
        action: 'auth.password_changed',
        entityType: 'user',
        entityId: caller.actor.id,
        details: { sessionsEnded: ended },
      });
    });
  }
}
