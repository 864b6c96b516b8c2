import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller, Role } from '../auth/roles';
import { SessionsService } from '../auth/sessions.service';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { User } from './user.entity';

/**
 * Deactivating an account and undoing it. Deactivation ends every session at once and keeps the
 * record (the audit log and reports keep naming it). Bringing it back restores the password it
 * had, so a mistaken deactivation is undone without a new link; who may do so follows who did
 * it: an account an admin deactivated (e.g. after a breach) stays off until an admin decides.
 * The caller has already checked that the account is one they manage.
 */
@Injectable()
export class AccountActivation {
  constructor(
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async deactivate(m: EntityManager, user: User, caller: Caller): Promise<void> {
    if (caller.actor.kind === 'user' && caller.actor.id === user.id) {
      throw new AppError(ErrorCode.Conflict, 'You cannot deactivate your own account');
    }
    if (!user.deactivatedAt) {
      user.deactivatedAt = this.clock.now();
      user.deactivatedBy = caller.actor.kind === 'user' ? caller.actor.id : null;
      await m.update(
        User,
        { id: user.id },
        { deactivatedAt: user.deactivatedAt, deactivatedBy: user.deactivatedBy },
      );
    }
    await this.sessions.revokeAllFor(user.id, m);
    await this.audit.record(m, caller, {
      action: 'user.deactivated',
      entityType: 'user',
      entityId: user.id,
    });
  }

  async reactivate(m: EntityManager, user: User, caller: Caller): Promise<void> {
    if (!user.deactivatedAt) return;
    const isAdmin = caller.actor.kind === 'user' && caller.actor.role === Role.Admin;
    if (!isAdmin && !(await this.deactivatedByFacilityAdmin(m, user))) {
      throw AppError.forbidden(
        'An admin deactivated this account; only an admin may reactivate it',
      );
    }
    user.deactivatedAt = null;
    user.deactivatedBy = null;
    await m.update(User, { id: user.id }, { deactivatedAt: null, deactivatedBy: null });
    await this.audit.record(m, caller, {
      action: 'user.reactivated',
      entityType: 'user',
      entityId: user.id,
    });
  }

  private async deactivatedByFacilityAdmin(m: EntityManager, user: User): Promise<boolean> {
    if (!user.deactivatedBy) return false;
    const [by] = (await m.query(`SELECT role FROM users WHERE id = $1`, [
      user.deactivatedBy,
    ])) as Array<{ role: Role }>;
    return by?.role === Role.FacilityAdmin;
  }
}
