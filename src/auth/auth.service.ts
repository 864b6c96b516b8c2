import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppError, ErrorCode } from '../common/app-error';
import { AuditService } from '../audit/audit.service';
import { User } from '../users/user.entity';
import { AuthUserView, LoginDto, LoginResponse } from './auth.dto';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { Caller, UserActor } from './roles';
import { SessionsService } from './sessions.service';
import { MfaService } from './mfa.service';
import { AppConfig } from '../config/app-config';

export function authUserView(
  user: User,
  mfa: Pick<UserActor, 'mfaEnabled' | 'mfaSetupRequired'>,
): AuthUserView {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    facilityId: user.facilityId,
    policePostId: user.policePostId,
    locale: user.locale,
    fullName: user.fullName,
    mfaEnabled: mfa.mfaEnabled,
    mfaSetupRequired: mfa.mfaSetupRequired,
  };
}

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly sessions: SessionsService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    private readonly mfa: MfaService,
    private readonly config: AppConfig,
  ) {}

  async login(dto: LoginDto, caller: Caller<null>): Promise<LoginResponse> {
    const wait = await this.throttle.attempt(dto.email, caller.ip);
    if (wait > 0) {
      await this.audit.record(null, caller, {
        action: 'auth.login_throttled',
        details: { retryAfterSeconds: wait },
      });
      throw new AppError(
        ErrorCode.RateLimited,
        'Too many failed sign-in attempts; try again later',
        [],
        {
          'Retry-After': String(wait),
        },
      );
    }
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = lower(:email)', { email: dto.email.trim() })
      .getOne();
    const ok =
      user && !user.deactivatedAt
        ? await this.hasher.verify(dto.password, user.passwordHash)
        : await this.hasher.verifyAgainstNothing(dto.password);
    if (!user || !ok || user.deactivatedAt) {
      await this.audit.record(null, caller, {
        action: 'auth.login_failed',
        entityType: user ? 'user' : undefined,
        entityId: user?.id,
        details: {
          reason: !user ? 'unknown_account' : user.deactivatedAt ? 'deactivated' : 'wrong_password',
        },
      });
      throw new AppError(ErrorCode.InvalidCredentials, 'E-mail or password is wrong');
    }
    const signedIn = {
      ...caller,
      actor: { kind: 'user', id: user.id, role: user.role } as UserActor,
    };
    const second = await this.mfa.checkSignIn(signedIn, dto.code);
    if (second === 'missing' || second === 'wrong') {
      await this.audit.record(null, caller, {
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        details: { reason: second === 'missing' ? 'code_missing' : 'wrong_code' },
      });
      const problem =
        second === 'missing'
          ? 'is required: this account signs in with a code'
          : 'is not the current code of your authenticator app, nor an unused recovery code';
      throw new AppError(
        ErrorCode.InvalidCredentials,
        `code ${problem}`,
        [{ field: 'code', message: problem }],
        {},
        { mfaRequired: true },
      );
    }
    await this.throttle.succeeded(dto.email, caller.ip);
    const { token, session } = await this.sessions.create(user.id, {
      address: caller.ip,
      userAgent: caller.userAgent ?? null,
    });
    const mfaEnabled = second === 'accepted';
    await this.audit.record(null, signedIn, {
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      details: { sessionId: session.id },
    });
    return {
      accessToken: token,
      expiresAt: session.expiresAt.toISOString(),
      user: authUserView(user, {
        mfaEnabled,
        mfaSetupRequired: !mfaEnabled && this.config.auth.mfaRequiredRoles.includes(user.role),
      }),
    };
  }

  async me(actor: UserActor): Promise<AuthUserView> {
    const user = await this.users.findOneByOrFail({ id: actor.id });
    return authUserView(user, actor);
  }

  async emailOf(actor: UserActor): Promise<string> {
    return (await this.users.findOneByOrFail({ id: actor.id })).email;
  }

  async logout(caller: Caller<UserActor>): Promise<void> {
    await this.sessions.revoke(caller.actor.sessionId);
    await this.audit.record(null, caller, {
      action: 'auth.logout',
      entityType: 'user',
      entityId: caller.actor.id,
      details: { sessionId: caller.actor.sessionId },
    });
  }
}
