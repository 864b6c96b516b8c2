import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { READ_ACTIONS, READ_KINDS, ReadKind } from '../audit/read-audit';
import { Caller, Role, UserActor } from '../auth/roles';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { AccessLogEntryView } from './privacy.views';

/** The newest reads an access log lists; older ones stay in the audit log. */
export const ACCESS_LOG_LIMIT = 500;

/** Roles whose readers are named: officials acting for their body, not colleagues or victims. */
const OFFICIALS: string[] = [Role.Police, Role.FacilityAdmin, Role.Admin, Role.Ministry];

const KIND_OF = new Map<string, ReadKind>(READ_KINDS.map((k) => [READ_ACTIONS[k], k]));

/**
 * A report's reads, newest first: entries naming it in `incidentIds` (through their index), and
 * detail reads recorded before entries named their reports. The reader's role and post are those
 * the entry recorded; an entry from before they were recorded falls back to the account's.
 */
const ACCESS_LOG_SQL = `
  SELECT l.occurred_at AS at, l.action, l.actor_type,
         coalesce(l.details ->> 'role', u.role) AS role,
         CASE WHEN l.details ? 'policePostId' THEN l.details ->> 'policePostId'
              ELSE u.police_post_id::text END AS police_post_id,
         u.full_name
    FROM audit_log l LEFT JOIN users u ON l.actor_type = 'user' AND u.id = l.actor_id
   WHERE l.action = ANY($4::text[])
     AND ((l.details ? 'incidentIds' AND l.details -> 'incidentIds' @> $2::jsonb)
          OR (l.entity_type = 'incident' AND l.entity_id = $1 AND l.action = 'incident.viewed'))
     AND l.actor_id IS DISTINCT FROM $3::uuid
   ORDER BY l.occurred_at DESC, l.seq DESC
   LIMIT $5`;

interface AccessRow {
  at: Date;
  action: string;
  actor_type: string;
  role: string | null;
  police_post_id: string | null;
  full_name: string | null;
}

@Injectable()
export class AccessLogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentsRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * Who read the report, when, in which role: officials by name and post, other staff (a victim
   * exporting their data) by role alone, system jobs as `system`. The reporter's own reads are
   * left out: the log is what others did with the report.
   */
  async forIncident(caller: Caller<UserActor>, id: string): Promise<AccessLogEntryView[]> {
    const incident = await this.incidents.findVisible(caller.actor, id);
    const rows = (await this.dataSource.query(ACCESS_LOG_SQL, [
      id,
      JSON.stringify([id]),
      incident.reporterId,
      Object.values(READ_ACTIONS),
      ACCESS_LOG_LIMIT,
    ])) as AccessRow[];
    // The log names officials: reading it is itself on the audit log (but not in the log).
    await this.audit.record(null, caller, {
      action: 'incident.access_log_viewed',
      entityType: 'incident',
      entityId: id,
      details: { role: caller.actor.role },
    });
    return rows.map(entryOf);
  }
}

function entryOf(row: AccessRow): AccessLogEntryView {
  const system = row.actor_type === 'system';
  const role = system ? 'system' : (row.role ?? row.actor_type);
  return {
    at: row.at,
    role,
    name: OFFICIALS.includes(role) ? (row.full_name ?? null) : null,
    policePostId: row.police_post_id ?? null,
    what: KIND_OF.get(row.action) ?? 'report',
  };
}
