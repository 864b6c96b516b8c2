import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor, Caller } from '../auth/roles';
import { AuditActorType, AuditEntry } from './audit-entry.entity';
import { preparedQuery } from '../common/persistence/prepared-query';
import { ChainBreak, GENESIS_HASH, stageAuditEntry, verifyBatch } from './audit-chain';

export interface AuditEvent {
  /** `<entity>.<verb>`, e.g. `facility.updated`, `auth.login_failed`. */
  action: string;
  entityType?: string;
  entityId?: string | null;
  /** Identifiers and field names only: no names, e-mail addresses, narratives or secrets. */
  details?: Record<string, unknown>;
}

export const SYSTEM_CALLER: Caller<null> = { actor: null, ip: null, requestId: null };

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends an entry. Pass the transaction's manager so the entry commits (or rolls back)
   * with the change it records.
   */
  async record(
    manager: EntityManager | null,
    caller: Caller<Actor | null>,
    event: AuditEvent,
  ): Promise<void> {
    if (!manager) {
      await this.dataSource.transaction((m) => this.append(m, caller, event));
      return;
    }
    await this.append(manager, caller, event);
  }

  /**
   * Stages the entry in the caller's transaction; the database chains it into `audit_log` as that
   * transaction commits (see the AuditAppend migration), so the chain's lock is held only then.
   */
  private async append(
    manager: EntityManager,
    caller: Caller<Actor | null>,
    event: AuditEvent,
  ): Promise<void> {
    const { actorType, actorId } = describeActor(caller.actor, caller === SYSTEM_CALLER);
    const entry = {
      occurredAt: new Date(),
      actorType,
      actorId,
      action: event.action,
      entityType: event.entityType ?? null,
      entityId: event.entityId ?? null,
      ip: caller.ip,
      requestId: caller.requestId,
      details: event.details ?? {},
    };
    const [text, values] = stageAuditEntry(entry);
    await preparedQuery(manager, 'audit-stage', text, values);
  }

  /** Re-checks the whole chain in batches; returns the first broken entry, if any. */
  async verify(batchSize = 5000): Promise<{ checked: number; broken: ChainBreak | null }> {
    let state = { hash: GENESIS_HASH, seq: 0n };
    let checked = 0;
    for (;;) {
      const batch = await this.dataSource
        .getRepository(AuditEntry)
        .createQueryBuilder('a')
        .where('a.seq > :after', { after: state.seq.toString() })
        .orderBy('a.seq', 'ASC')
        .limit(batchSize)
        .getMany();
      if (batch.length === 0) return { checked, broken: null };
      const result = verifyBatch(batch, state);
      if ('broken' in result)
        return { checked: checked + result.broken.verified, broken: result.broken };
      checked += batch.length;
      state = result.last;
    }
  }

  async listFor(entityType: string, entityId: string): Promise<AuditEntry[]> {
    return this.dataSource.getRepository(AuditEntry).find({
      where: { entityType, entityId },
      order: { seq: 'ASC' },
    });
  }
}

function describeActor(
  actor: Actor | null,
  system: boolean,
): { actorType: AuditActorType; actorId: string | null } {
  if (actor?.kind === 'user') return { actorType: 'user', actorId: actor.id };
  if (actor?.kind === 'device') return { actorType: 'device', actorId: actor.apiKeyId };
  return { actorType: system ? 'system' : 'anonymous', actorId: null };
}
