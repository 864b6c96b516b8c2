import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { SessionView } from './password.dto';
import { Caller, UserActor } from './roles';
import { SessionsService } from './sessions.service';

/** A person's own sign-ins: seeing them and ending one. */
@Injectable()
export class AccountSessionsService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: UserActor): Promise<SessionView[]> {
    return (await this.sessions.active(actor.id)).map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastUsedAt: (s.lastUsedAt ?? s.createdAt).toISOString(),
      address: s.address,
      userAgent: s.userAgent,
      current: s.id === actor.sessionId,
    }));
  }

  /** Another person's session reads as an unknown one. */
  async end(sessionId: string, caller: Caller<UserActor>): Promise<void> {
    if (!(await this.sessions.revokeOwn(caller.actor.id, sessionId)))
      throw AppError.notFound('Session');
    await this.audit.record(null, caller, {
      action: 'auth.session_revoked',
      entityType: 'user',
      entityId: caller.actor.id,
      details: { sessionId },
    });
  }
}
