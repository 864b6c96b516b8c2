import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller, Role, UserActor } from '../auth/roles';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { CustodyService } from './custody.service';
import { LegalHoldDto } from './footage.dto';
import { Footage } from './footage.entity';
import { FootageRepository } from './footage.repository';
import { footageView, FootageView, gone } from './footage-view';
import { HoldRole, mayReleaseHold, takesOverHold } from './legal-hold-rules';

const HOLD_ROLES: readonly Role[] = [Role.FacilityAdmin, Role.Police, Role.Admin];

/**
 * Legal holds: footage under one is never deleted under the retention policy and cannot be
 * unlinked from its incidents. Who set a hold decides who may release it; both are in the chain
 * of custody with their role and reason.
 */
@Injectable()
export class LegalHoldService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly footage: FootageRepository,
    private readonly audit: AuditService,
    private readonly custodyChain: CustodyService,
    private readonly clock: Clock,
  ) {}

  /**
   * Puts footage under legal hold or releases it; released footage starts a full retention period
   * again if no incident holds it. Holding footage already held changes nothing unless police or
   * an admin take over a facility admin's hold.
   */
  async setLegalHold(
    caller: Caller<UserActor>,
    id: string,
    dto: LegalHoldDto,
  ): Promise<FootageView> {
    const role = caller.actor.role;
    if (!HOLD_ROLES.includes(role)) throw AppError.forbidden();
    return this.dataSource.transaction(async (m) => {
      // Locked before it is read, so a release, a hold and an unlink of this footage take turns.
      await this.footage.lock(m, id);
      const footage = await this.footage.findVisible(caller.actor, id, m);
      if (footage.status === 'deleted') throw gone(footage);
      if (dto.legalHold) return this.hold(m, caller, footage, role as HoldRole, dto.reason);
      return this.release(m, caller, footage, role as HoldRole, dto.reason);
    });
  }

  private async hold(
    m: EntityManager,
    caller: Caller<UserActor>,
    footage: Footage,
    role: HoldRole,
    reason: string,
  ): Promise<FootageView> {
    const previous = holderOf(footage);
    if (previous && !takesOverHold(previous.role, role)) return footageView(footage);
    const change = {
      legalHold: true,
      legalHoldBy: caller.actor.id,
      legalHoldByRole: role,
      legalHoldSince: this.clock.now(),
    };
    return this.applyHoldChange(
      m,
      caller,
      footage,
      change,
      {
        legalHold: true,
        reason,
        ...who(caller.actor, role),
        ...(previous ? { heldBy: previous } : {}),
      },
      {
        action: 'footage.legal_hold_set',
        details: { role, ...(previous ? { takenOverFrom: previous.role } : {}) },
      },
    );
  }

  private async release(
    m: EntityManager,
    caller: Caller<UserActor>,
    footage: Footage,
    role: HoldRole,
    reason: string,
  ): Promise<FootageView> {
    const previous = holderOf(footage);
    if (!previous) return footageView(footage);
    if (!mayReleaseHold(previous.role, role))
      throw AppError.forbidden(
        `The footage is held by ${previous.role === Role.Admin ? 'an admin' : 'police'}; only police of a post the incident was routed to or an admin may release the hold`,
      );
    const change = {
      legalHold: false,
      legalHoldBy: null,
      legalHoldByRole: null,
      legalHoldSince: null,
      retentionFrom: this.clock.now(),
    };
    return this.applyHoldChange(
      m,
      caller,
      footage,
      change,
      { legalHold: false, reason, ...who(caller.actor, role), heldBy: previous },
      { action: 'footage.legal_hold_released', details: { role, heldBy: previous.role } },
    );
  }

  /**
   * Writes a hold set or released onto the footage, into its chain of custody (as a retention
   * change) and into the audit log, and returns the footage as it now is.
   */
  private async applyHoldChange(
    m: EntityManager,
    caller: Caller<UserActor>,
    footage: Footage,
    change: Partial<Footage>,
    custody: Record<string, unknown>,
    audit: { action: string; details: Record<string, unknown> },
  ): Promise<FootageView> {
    await m.update(Footage, { id: footage.id }, change);
    await this.custodyChain.append(m, footage.id, caller, 'retention_changed', custody);
    await this.audit.record(m, caller, {
      action: audit.action,
      entityType: 'footage',
      entityId: footage.id,
      details: audit.details,
    });
    return footageView(Object.assign(footage, change));
  }
}

function holderOf(f: Footage) {
  if (!f.legalHold || !f.legalHoldByRole) return null;
  return {
    role: f.legalHoldByRole,
    userId: f.legalHoldBy,
    since: f.legalHoldSince?.toISOString() ?? null,
  };
}

/** The role, and for police the post, that a custody entry names besides the person's id. */
const who = (actor: UserActor, role: HoldRole) => ({
  role,
  ...(role === Role.Police ? { policePostId: actor.policePostId } : {}),
});
