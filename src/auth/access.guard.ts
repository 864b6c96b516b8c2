import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError, ErrorCode } from '../common/app-error';
import {
  ACCESS_METADATA,
  AccessRule,
  AuthedRequest,
  DEVICE,
  MFA_SETUP_METADATA,
} from './access.decorators';
import { ApiKeysService } from './api-keys.service';
import { Actor } from './roles';
import { SessionsService } from './sessions.service';
import { AppConfig } from '../config/app-config';
import { csrfMatches, readCookie, SESSION_COOKIE } from './session-cookies';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The single place that decides who may call what: resolves the identity (bearer token, session
 * cookie or device API key) and checks it against the route's `@Roles`/`@Public` declaration.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly apiKeys: ApiKeysService,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    // Unreachable in a started app (the route check refuses to boot), kept as a closed default.
    if (!rule) throw AppError.forbidden('This route declares no access rule');
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    if (rule.public) {
      // Stale or foreign credentials do not stop anyone reaching a public route.
      req.actor = await this.identify(req, rule).catch(() => null);
      return true;
    }
    req.actor = await this.identify(req, rule);
    if (!req.actor)
      throw new AppError(
        ErrorCode.Unauthenticated,
        'Sign in first: no valid credentials were sent',
      );
    const subject = req.actor.kind === 'device' ? DEVICE : req.actor.role;
    if (!rule.subjects.includes(subject)) throw AppError.forbidden();
    if (req.actor.kind === 'user' && req.actor.mfaSetupRequired && !this.openDuringSetup(context))
      throw new AppError(
        ErrorCode.Forbidden,
        'Your role signs in with a code: set up multi-factor sign-in first',
        [],
        {},
        { mfaSetupRequired: true },
      );
    return true;
  }

  private openDuringSetup(context: ExecutionContext): boolean {
    return (
      this.reflector.getAllAndOverride<boolean | undefined>(MFA_SETUP_METADATA, [
        context.getHandler(),
        context.getClass(),
      ]) === true
    );
  }

  private async identify(req: AuthedRequest, rule: AccessRule): Promise<Actor | null> {
    const apiKey = req.header('x-api-key');
    if (apiKey && (rule.public || rule.subjects.includes(DEVICE))) {
      const device = await this.apiKeys.resolve(apiKey);
      if (!device) throw new AppError(ErrorCode.Unauthenticated, 'The API key is not valid');
      return device;
    }
    const authorization = req.header('authorization');
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const actor = match ? await this.sessions.resolve(match[1]) : null;
      if (!actor)
        throw new AppError(
          ErrorCode.Unauthenticated,
          'The access token is not valid or has expired',
        );
      return actor;
    }
    const cookie = readCookie(req, SESSION_COOKIE);
    if (!cookie) return null;
    // A browser sends the cookie with any request, also one another site makes it send: changes
    // made with the cookie must carry the session's CSRF token, which only our pages can read.
    if (
      !SAFE_METHODS.has(req.method) &&
      !csrfMatches(this.config.secretsKey, cookie, req.header('x-csrf-token'))
    )
      throw new AppError(ErrorCode.Forbidden, 'The request lacks a valid CSRF token');
    return this.sessions.resolve(cookie);
  }
}
