import type { AlertRow } from '../alerts/alert-view';

/** What a police device shows on its lock screen: never names, narrative, address or coordinates. */
export interface AlertPushPayload {
  type: 'incident.alert' | 'sos.alert';
  alertId: string;
  reference: string;
  /** The report's category; null for an SOS whose report has not come yet. */
  category: string | null;
  priority: number;
  facility: { name: string };
  place: { kind: string };
  url: string;
}

/** What a reporter's device is told when the case moves on; it opens the report's own page. */
export interface IncidentUpdatePushPayload {
  type: 'incident.updated';
  incidentId: string;
  reference: string;
  status: string;
  url: string;
}

export type PushAlertFacts = Pick<
  AlertRow,
  | 'alert_id'
  | 'incident_id'
  | 'reference'
  | 'category'
  | 'priority'
  | 'facility_name'
  | 'place_kind'
  | 'sos_reference'
  | 'sos_place_kind'
>;

/**
 * A report's alert is `incident.alert`; an SOS's alert before its report attaches is `sos.alert`,
 * with the SOS's reference and place kind (its location stays on the console and the webhook).
 */
export function buildPushPayload(row: PushAlertFacts, publicUrl: string): AlertPushPayload {
  const report = row.incident_id !== null;
  return {
    type: report ? 'incident.alert' : 'sos.alert',
    alertId: row.alert_id,
    reference: (report ? row.reference : row.sos_reference) ?? '',
    category: report ? row.category : null,
    priority: row.priority,
    facility: { name: row.facility_name },
    place: { kind: (report ? row.place_kind : row.sos_place_kind) ?? 'other' },
    url: `${publicUrl}/police?alert=${row.alert_id}`,
  };
}

export function buildIncidentUpdatePayload(
  incident: { id: string; reference: string; status: string },
  publicUrl: string,
): IncidentUpdatePushPayload {
  return {
    type: 'incident.updated',
    incidentId: incident.id,
    reference: incident.reference,
    status: incident.status,
    url: `${publicUrl}/reports/${incident.id}`,
  };
}

/** The longest a push service keeps a message (RFC 8030 leaves it to them; 28 days is common). */
export const MAX_TTL_SECONDS = 28 * 24 * 3600;
const MIN_TTL_SECONDS = 60;

/**
 * How long the push service may hold an alert for an unreachable device: until the alert's
 * deadline, and never less than the whole acknowledgement window its category gives (a device
 * that comes back late still learns of an alert nobody has taken), nor 0, which services read as
 * "now or never".
 */
export function pushTtlSeconds(
  alert: { createdAt: Date; deadlineAt: Date },
  nowMs: number,
): number {
  const untilDeadline = Math.ceil((alert.deadlineAt.getTime() - nowMs) / 1000);
  const window = Math.ceil((alert.deadlineAt.getTime() - alert.createdAt.getTime()) / 1000);
  return Math.min(MAX_TTL_SECONDS, Math.max(untilDeadline, window, MIN_TTL_SECONDS));
}

/** RFC 8030 Urgency: the two highest priorities wake a device in power-saving mode. */
export function pushUrgency(priority: number): 'high' | 'normal' {
  return priority <= 2 ? 'high' : 'normal';
}

/** RFC 8030 Topic (at most 32 base64url characters): a repeat replaces the message it follows. */
export function pushTopic(id: string): string {
  return id.replace(/-/g, '').slice(0, 32);
}
