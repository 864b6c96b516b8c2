import type { AlertStatus } from './alert.entity';
import { AlertView } from './alert.views';

/** What an officer needs to act; never narratives or names. */
export interface AlertPayload {
  type: 'incident.alert';
  alertId: string;
  /** Where the officer opens the alert in the police console. */
  link?: string;
  escalationLevel: number;
  priority: number;
  incident: {
    id: string;
    reference: string;
    occurredAt: string;
    facility: { id: string; name: string };
    category: string;
    place: { kind: string; address: string | null; lat: number | null; lon: number | null };
  };
}

/** An alert with its incident's facts, as the console, the list and the webhook show it. */
export const ALERT_SELECT = `
  SELECT a.id AS alert_id, a.status, a.priority, a.escalation_level, a.police_post_id, a.created_at, a.deadline_at,
         a.delivered_at, a.acknowledged_at, a.acknowledged_by, a.incident_id, a.escalated_at,
         a.escalated_to_post_id, ep.name AS escalated_to_name,
         COALESCE(NULLIF(btrim(ack.full_name), ''), ack.email) AS acknowledged_by_name,
         i.reference, i.occurred_at, i.category, i.place_kind, i.place_address, i.place_lat, i.place_lon,
         i.created_at AS incident_created_at, f.id AS facility_id, f.name AS facility_name
    FROM alerts a JOIN incidents i ON i.id = a.incident_id JOIN facilities f ON f.id = i.facility_id
    LEFT JOIN police_posts ep ON ep.id = a.escalated_to_post_id
    LEFT JOIN users ack ON ack.id = a.acknowledged_by`;

export interface AlertRow {
  alert_id: string;
  status: AlertStatus;
  priority: number;
  escalation_level: number;
  police_post_id: string;
  created_at: Date;
  deadline_at: Date;
  delivered_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  escalated_at: Date | null;
  escalated_to_post_id: string | null;
  escalated_to_name: string | null;
  incident_id: string;
  reference: string;
  occurred_at: Date;
  category: string;
  place_kind: string;
  place_address: string | null;
  place_lat: number | null;
  place_lon: number | null;
  incident_created_at: Date;
  facility_id: string;
  facility_name: string;
}

export function payloadOf(row: AlertRow): AlertPayload {
  return {
    type: 'incident.alert',
    alertId: row.alert_id,
    escalationLevel: row.escalation_level,
    priority: row.priority,
    incident: {
      id: row.incident_id,
      reference: row.reference,
      occurredAt: row.occurred_at.toISOString(),
      facility: { id: row.facility_id, name: row.facility_name },
      category: row.category,
      place: {
        kind: row.place_kind,
        address: row.place_address,
        lat: row.place_lat,
        lon: row.place_lon,
      },
    },
  };
}

export function alertView(row: AlertRow): AlertView {
  return {
    id: row.alert_id,
    incidentId: row.incident_id,
    policePostId: row.police_post_id,
    status: row.status,
    priority: row.priority,
    escalationLevel: row.escalation_level,
    createdAt: row.created_at,
    deadlineAt: row.deadline_at,
    deliveredAt: row.delivered_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedByName: row.acknowledged_by_name,
    escalatedAt: row.escalated_at,
    /** The desk the alert went to when nobody here acknowledged it in time. */
    escalatedTo: row.escalated_to_post_id
      ? { policePostId: row.escalated_to_post_id, name: row.escalated_to_name }
      : null,
    incident: payloadOf(row).incident,
  };
}
