import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor, Caller } from './roles';
import { Role } from './roles';

export const ACCESS_METADATA = 'medguard:access';

/** A device gateway authenticating with its unit's `X-Api-Key`. */
export const DEVICE = 'device' as const;
export type AccessSubject = Role | typeof DEVICE;

export type AccessRule = { public: true } | { public: false; subjects: AccessSubject[] };

/** Who may call the route. Every route declares this or `@Public()`; the app refuses to start otherwise. */
export const Roles = (...subjects: AccessSubject[]) =>
  SetMetadata(ACCESS_METADATA, { public: false, subjects } satisfies AccessRule);

/** Reachable without credentials; an identity, when sent, is still resolved. */
export const Public = () => SetMetadata(ACCESS_METADATA, { public: true } satisfies AccessRule);

export const MFA_SETUP_METADATA = 'medguard:mfa-setup';

/**
 * Reachable by a signed-in user whose role must sign in with a code and has none set up yet (who
 * is, meanwhile, refused everywhere else): who am I, signing out, and setting MFA up.
 */
export const OpenDuringMfaSetup = () => SetMetadata(MFA_SETUP_METADATA, true);

export interface AuthedRequest extends Request {
  actor?: Actor | null;
  requestId?: string;
}

export function callerOf(req: AuthedRequest): Caller<Actor | null> {
  return {
    actor: req.actor ?? null,
    ip: req.ip ?? null,
    requestId: req.requestId ?? null,
    userAgent: req.header('user-agent') ?? null,
  };
}

/** The authenticated caller of a route guarded by `@Roles`. */
export const CurrentCaller = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Caller | Caller<Actor | null> =>
    callerOf(ctx.switchToHttp().getRequest<AuthedRequest>()),
);
