import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, Caller } from '../auth/roles';
import { AuditService } from './audit.service';

/**
 * What a read of personal data showed, as a report's access log names it, and the audit action
 * that records it. Reads of accounts name no report, so they stay out of every access log.
 */
export const READ_ACTIONS = {
  report: 'incident.viewed',
  list: 'incident.listed',
  footage: 'footage.viewed',
  footage_content: 'footage.content_accessed',
  alerts: 'alert.listed',
  console: 'alert.streamed',
  erasure: 'incident.personal_data_erased',
  export: 'me.exported',
  accounts: 'user.listed',
  account: 'user.viewed',
  support: 'incident.support_viewed',
} as const;
export type ReadKind = keyof typeof READ_ACTIONS;
export const READ_KINDS = Object.keys(READ_ACTIONS) as ReadKind[];

export interface PersonalRead {
  kind: ReadKind;
  entityType?: string;
  entityId?: string | null;
  /** The reports whose personal fields the answer carried; the access log finds the entry by them. */
  incidentIds?: string[];
  /** Further identifiers (never values): `userIds`, `sosIds`, `alertIds`. */
  details?: Record<string, unknown>;
}

/**
 * One audit entry per request (or per delivery) that read personal data, however many rows it
 * read: the reports it carried by id, with the reader's role and police post as they were then,
 * so the access log still says who read it in which role after the account changes.
 */
@Injectable()
export class ReadAudit {
  constructor(private readonly audit: AuditService) {}

  async record(
    caller: Caller<Actor | null>,
    read: PersonalRead,
    m: EntityManager | null = null,
  ): Promise<void> {
    const actor = caller.actor;
    const reader =
      actor?.kind === 'user' ? { role: actor.role, policePostId: actor.policePostId } : {};
    const incidentIds = read.incidentIds?.length ? [...new Set(read.incidentIds)] : undefined;
    await this.audit.record(m, caller, {
      action: READ_ACTIONS[read.kind],
      entityType: read.entityType,
      entityId: read.entityId,
      details: { ...reader, ...read.details, ...(incidentIds ? { incidentIds } : {}) },
    });
  }

  /** An entry only when the answer carried something: an empty page read nobody's data. */
  async recordIfAny(
    caller: Caller<Actor | null>,
    read: PersonalRead,
    m: EntityManager | null = null,
  ): Promise<void> {
    const carried =
      (read.incidentIds?.length ?? 0) > 0 ||
      Object.values(read.details ?? {}).some((v) => Array.isArray(v) && v.length > 0);
    if (carried) await this.record(caller, read, m);
  }
}
