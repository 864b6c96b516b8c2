import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { SecretBox } from '../common/secret-box';
import { AppConfig } from '../config/app-config';
import { LoginThrottle } from './login-throttle';
import { MfaRepository } from './mfa.repository';
import { MfaSetupView, RecoveryCodesView } from './mfa.dto';
import { newRecoveryCodes, normalizeRecoveryCode, RecoveryCodeHasher } from './recovery-codes';
import { managedAccount } from './managed-account';
import { Caller, UserActor } from './roles';
import { SessionsService } from './sessions.service';
import { newTotpSecret, otpauthUri, TOTP_CODE_PATTERN, totpStep } from './totp';

/** What a code sent with a sign-in came to. */
export type SignInCheck = 'not_enabled' | 'missing' | 'wrong' | 'accepted';

const WRONG_CODE = 'is not the current code of your authenticator app, nor an unused recovery code';

/** TOTP multi-factor sign-in: setting it up, confirming, checking codes, turning it off. */
@Injectable()
export class MfaService {
  private readonly hasher: RecoveryCodeHasher;

  constructor(
    private readonly store: MfaRepository,
    private readonly box: SecretBox,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
  ) {
    this.hasher = new RecoveryCodeHasher(config.secretsKey);
  }

  /** A new pending secret (replacing a pending one); refused while MFA is on. */
  async setup(caller: Caller<UserActor>, email: string): Promise<MfaSetupView> {
    const secret = newTotpSecret();
    const stored = await this.store.putPending(
      caller.actor.id,
      this.box.seal(secret),
      this.clock.now(),
    );
    if (!stored)
      throw AppError.conflict(
        'Multi-factor sign-in is already on; turn it off before setting it up again',
      );
    return { secret, otpauthUri: otpauthUri(email, secret) };
  }

  /** Turns the pending secret on with its first code; answers the recovery codes, shown this once. */
  async confirm(caller: Caller<UserActor>, code: string): Promise<RecoveryCodesView> {
    const userId = caller.actor.id;
    return this.store.transaction(async (m) => {
      const row = await this.store.find(userId, m);
      if (!row) throw AppError.conflict('Start with POST /api/v1/auth/mfa/setup');
      if (row.confirmed) throw AppError.conflict('Multi-factor sign-in is already on');
      const step = await totpStep(this.box.open(row.secretEnc), code, this.clock.ms());
      if (step === null)
        throw AppError.invalid('code', 'is not the current code of your authenticator app');
      const recoveryCodes = newRecoveryCodes();
      await this.store.confirm(
        m,
        userId,
        step,
        recoveryCodes.map((c) => this.hasher.hash(normalizeRecoveryCode(c)!)),
        this.clock.now(),
      );
      // A session opened with the password alone (perhaps by whoever else knows it) ends here.
      await this.sessions.revokeOthers(userId, caller.actor.sessionId, m);
      await this.audit.record(m, caller, {
        action: 'auth.mfa_enabled',
        entityType: 'user',
        entityId: userId,
        details: { recoveryCodes: recoveryCodes.length },
      });
      return { recoveryCodes };
    });
  }

  /** Turns MFA off with a current code or a recovery code; never for a role that requires it. */
  async disable(caller: Caller<UserActor>, email: string, code: string): Promise<void> {
    const userId = caller.actor.id;
    if (this.config.auth.mfaRequiredRoles.includes(caller.actor.role))
      throw new AppError(
        ErrorCode.RuleViolated,
        'Your role must sign in with a code: multi-factor sign-in stays on',
      );
    // Guesses here count like sign-in failures, so a session left open cannot try every code.
    const wait = await this.throttle.attempt(email, caller.ip);
    if (wait > 0)
      throw new AppError(ErrorCode.RateLimited, 'Too many wrong codes; try again later', [], {
        'Retry-After': String(wait),
      });
    await this.store.transaction(async (m) => {
      const row = await this.store.find(userId, m);
      if (!row?.confirmed) throw AppError.conflict('Multi-factor sign-in is not on');
      if ((await this.takeCode(m, caller, userId, row.secretEnc, code)) !== 'accepted')
        throw AppError.invalid('code', WRONG_CODE);
      await this.store.remove(m, userId);
      await this.audit.record(m, caller, {
        action: 'auth.mfa_disabled',
        entityType: 'user',
        entityId: userId,
      });
    });
    await this.throttle.succeeded(email, caller.ip);
  }

  /**
   * For someone who lost their authenticator and their recovery codes: an admin (any account but
   * their own) or the facility admin (their staff) turns MFA off, and every session of the account
   * ends with it, so whoever held one must sign in again; the person then sets MFA up anew (a role
   * that requires it is held at that step).
   */
  async resetFor(caller: Caller, userId: string): Promise<void> {
    await this.store.transaction(async (m) => {
      const target = await managedAccount(m, caller.actor, userId, {
        own: 'Turn your own multi-factor sign-in off with DELETE /api/v1/auth/mfa',
        deactivated: 'The account is deactivated',
      });
      const row = await this.store.find(target.id, m);
      if (!row) throw AppError.conflict('Multi-factor sign-in is not set up for this account');
      await this.store.remove(m, target.id);
      await this.sessions.revokeAllFor(target.id, m);
      await this.audit.record(m, caller, {
        action: 'user.mfa_reset',
        entityType: 'user',
        entityId: target.id,
        details: { wasConfirmed: row.confirmed },
      });
    });
  }

  /**
   * The second factor of a sign-in whose password was right: whether the account needs one, and
   * whether the code sent (a TOTP code or an unused recovery code) is taken.
   */
  async checkSignIn(caller: Caller<UserActor>, code: string | undefined): Promise<SignInCheck> {
    const row = await this.store.find(caller.actor.id);
    if (!row?.confirmed) return 'not_enabled';
    if (code === undefined) return 'missing';
    return this.takeCode(null, caller, caller.actor.id, row.secretEnc, code);
  }

  private async takeCode(
    m: EntityManager | null,
    caller: Caller<UserActor>,
    userId: string,
    secretEnc: Buffer,
    code: string,
  ): Promise<'accepted' | 'wrong'> {
    if (TOTP_CODE_PATTERN.test(code)) {
      const step = await totpStep(this.box.open(secretEnc), code, this.clock.ms());
      return step !== null && (await this.store.takeStep(userId, step, m ?? undefined))
        ? 'accepted'
        : 'wrong';
    }
    const normalized = normalizeRecoveryCode(code);
    if (!normalized) return 'wrong';
    const taken = await this.store.takeRecoveryCode(
      userId,
      this.hasher.hash(normalized),
      this.clock.now(),
      m ?? undefined,
    );
    if (!taken) return 'wrong';
    await this.audit.record(m, caller, {
      action: 'auth.recovery_code_used',
      entityType: 'user',
      entityId: userId,
      details: { recoveryCodeId: taken.id, remaining: taken.remaining },
    });
    return 'accepted';
  }
}
