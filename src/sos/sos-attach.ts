import { EntityManager } from 'typeorm';
import type { PlannedAlert } from '../alerts/alert-plan';
import type { ConsoleEventRow, RaisedAlert } from '../alerts/alert-writes';
import type { AlertStatus } from '../alerts/alert.entity';
import { Role, UserActor } from '../auth/roles';
import { AppError } from '../common/app-error';

/**
 * A report filed after an SOS names it with `sosId`: the SOS of the same facility, sent by the
 * same reporter (or any SOS of the facility, for its admin), still open. Locked for the rest of
 * the filing, so of two reports naming it at once exactly one attaches; the other is refused.
 */
export async function claimSosForReport(
  m: EntityManager,
  sosId: string,
  facilityId: string,
  actor: UserActor,
): Promise<void> {
  const [row] = (await m.query(
    `SELECT facility_id, reporter_id, status FROM sos WHERE id = $1 FOR UPDATE`,
    [sosId],
  )) as Array<{ facility_id: string; reporter_id: string; status: string }>;
  const mayAttach =
    row &&
    row.facility_id === facilityId &&
    (row.reporter_id === actor.id ||
      (actor.role === Role.FacilityAdmin && actor.facilityId === row.facility_id));
  if (!mayAttach) throw AppError.invalid('sosId', 'is not an SOS you sent from this facility');
  if (row.status !== 'open')
    throw AppError.invalid('sosId', 'is already attached to a report or closed');
}

/**
 * Attaches the SOS to the report: its alerts become the report's (each post keeps its one alert,
 * at the SOS's priority and deadline — the report does not make the danger less urgent — and its
 * console is told with `updated`), and the posts the report routes to that the SOS did not alert
 * are left to be alerted as usual. Returns those alerts still to raise, the console events, and
 * the SOS's alerts as the report now holds them.
 */
export async function attachSos(
  m: EntityManager,
  sosId: string,
  incidentId: string,
  planned: PlannedAlert[],
  at: Date,
): Promise<{ toRaise: PlannedAlert[]; events: ConsoleEventRow[]; attached: RaisedAlert[] }> {
  // An UPDATE answers [rows, count].
  const [rows] = (await m.query(
    `UPDATE alerts SET incident_id = $2
      WHERE id IN (SELECT id FROM alerts WHERE sos_id = $1 ORDER BY police_post_id, id FOR UPDATE)
      RETURNING id, police_post_id, status, priority, escalation_level, created_at, deadline_at`,
    [sosId, incidentId],
  )) as [
    Array<{
      id: string;
      police_post_id: string;
      status: AlertStatus;
      priority: number;
      escalation_level: number;
      created_at: Date;
      deadline_at: Date;
    }>,
    number,
  ];
  await m.query(
    `UPDATE sos SET status = 'attached', incident_id = $2, attached_at = $3 WHERE id = $1`,
    [sosId, incidentId, at],
  );
  const alerted = new Set(rows.map((r) => r.police_post_id));
  const attached = rows
    .map((r) => ({
      id: r.id,
      policePostId: r.police_post_id,
      status: r.status,
      priority: r.priority,
      escalationLevel: r.escalation_level,
      createdAt: r.created_at,
      deadlineAt: r.deadline_at,
    }))
    .sort(
      (a, b) =>
        a.escalationLevel - b.escalationLevel || a.createdAt.getTime() - b.createdAt.getTime(),
    );
  return {
    toRaise: planned.filter((p) => !alerted.has(p.postId)),
    events: rows.map((r) => ({
      postId: r.police_post_id,
      alertId: r.id,
      type: 'updated' as const,
      data: { change: 'report' },
    })),
    attached,
  };
}
