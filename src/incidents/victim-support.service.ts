import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ReadAudit } from '../audit/read-audit';
import { Caller, UserActor } from '../auth/roles';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { FieldCipher } from '../privacy/field-cipher';
import { IncidentHistory } from './incident.entity';
import { IncidentsRepository } from './incidents.repository';
import { SupportItemDto } from './victim-support.dto';
import { replaceSupport, StoredSupport, supportOf } from './victim-support.queries';
import { isOverdue, sameItem } from './victim-support-rules';
import { SupportItemView } from './victim-support.views';

/**
 * The support a report's victims are offered, kept by the facility's safety officer (or an
 * admin). A change replaces the whole list under the report's row lock, so changes made at the
 * same time apply one after another and the list is always one of them, never a mix. Each change
 * is a `support_updated` history entry and an audit entry; neither carries a note.
 */
@Injectable()
export class VictimSupportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentsRepository,
    private readonly audit: AuditService,
    private readonly reads: ReadAudit,
    private readonly clock: Clock,
    private readonly cipher: FieldCipher,
  ) {}

  async get(caller: Caller<UserActor>, incidentId: string): Promise<SupportItemView[]> {
    await this.incidents.findVisible(caller.actor, incidentId);
    const items = await supportOf(this.dataSource.manager, this.cipher, incidentId);
    await this.reads.record(caller, {
      kind: 'support',
      entityType: 'incident',
      entityId: incidentId,
      incidentIds: [incidentId],
    });
    return items.map((i) => this.view(i));
  }

  async replace(
    caller: Caller<UserActor>,
    incidentId: string,
    list: SupportItemDto[],
  ): Promise<SupportItemView[]> {
    const items = await this.dataSource.transaction(async (m) => {
      await this.incidents.findVisible(caller.actor, incidentId, m, true);
      await this.checkVictims(m, incidentId, list);
      const now = this.clock.now();
      const before = await supportOf(m, this.cipher, incidentId);
      const next: StoredSupport[] = list.map((dto) => {
        const facts = {
          victimIndex: dto.victimIndex,
          kind: dto.kind,
          state: dto.state,
          dueAt: dto.dueAt ? new Date(dto.dueAt) : null,
          note: dto.note?.length ? dto.note : null,
        };
        const kept = before.find((b) => sameItem(b, facts));
        return kept ?? { ...facts, updatedAt: now, updatedBy: caller.actor.id };
      });
      await replaceSupport(m, this.cipher, incidentId, next);
      await m.insert(IncidentHistory, {
        incidentId,
        at: now,
        actorId: caller.actor.id,
        actorRole: caller.actor.role,
        type: 'support_updated',
        fromStatus: null,
        toStatus: null,
        note: null,
        data: { items: next.length },
      });
      await this.audit.record(m, caller, {
        action: 'incident.support_updated',
        entityType: 'incident',
        entityId: incidentId,
        details: { items: next.length },
      });
      return next;
    });
    return items.map((i) => this.view(i));
  }

  /** Every item names a victim of the report, by position. */
  private async checkVictims(
    m: EntityManager,
    incidentId: string,
    list: SupportItemDto[],
  ): Promise<void> {
    const [{ victims }] = (await m.query(
      `SELECT count(*)::int AS victims FROM incident_victims WHERE incident_id = $1`,
      [incidentId],
    )) as Array<{ victims: number }>;
    const wrong = list.findIndex((item) => item.victimIndex >= victims);
    if (wrong >= 0)
      throw AppError.invalid(`[${wrong}].victimIndex`, 'is not a victim of this report');
  }

  private view(item: StoredSupport): SupportItemView {
    return { ...item, overdue: isOverdue(item, this.clock.now()) };
  }
}
