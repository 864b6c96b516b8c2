import type { FieldCipher } from '../privacy/field-cipher';
import type { AlertStatus } from './alert.entity';
import { AlertIncidentView, AlertSosView, AlertView } from './alert.views';

/**
 * The incident's facts a webhook carries: no personal data at all (no names, narrative, address
 * or coordinates). Officers read the place's address and coordinates in the signed-in console.
 */
export interface AlertIncidentFacts {
  id: string;
  reference: string;
  occurredAt: string;
  facility: { id: string; name: string };
  category: string;
  place: { kind: string };
}

/** Where the person who sent an SOS was, for the officer going there. */
export interface SosLocation {
  lat: number;
  lon: number;
  /** Metres, as the phone reported it; null when the phone did not say. */
  accuracyM: number | null;
  /** `facility` when the phone could not tell and the facility's own coordinates were sent. */
  source: 'device' | 'facility';
  mapUrl: string;
}

/** The SOS's facts a webhook carries: where it was sent from stays in the console. */
export interface AlertSosFacts {
  id: string;
  reference: string;
  createdAt: string;
  facility: { id: string; name: string };
  place: { kind: string };
}

interface PayloadBase {
  alertId: string;
  /** Where the officer opens the alert in the police console. */
  link?: string;
  escalationLevel: number;
  priority: number;
}

/**
 * What a webhook says: ids, reference, facility, place kind, category, priority and the console
 * link, never personal data. A report's alert is `incident.alert` (an alert an SOS raised before
 * its report attached also says `sosId`); an SOS without a report yet is `sos.alert`.
 */
export type AlertPayload =
  | (PayloadBase & { type: 'incident.alert'; sosId?: string; incident: AlertIncidentFacts })
  | (PayloadBase & { type: 'sos.alert'; sos: AlertSosFacts });

/** An alert with its incident's (or SOS's) facts, as the console, the list and the webhook show it. */
export const ALERT_SELECT = `
  SELECT a.id AS alert_id, a.status, a.priority, a.escalation_level, a.police_post_id, a.created_at, a.deadline_at,
         a.delivered_at, a.acknowledged_at, a.acknowledged_by, a.incident_id, a.sos_id, a.escalated_at,
         a.escalated_to_post_id, ep.name AS escalated_to_name,
         COALESCE(NULLIF(btrim(ack.full_name), ''), ack.email) AS acknowledged_by_name,
         i.reference, i.occurred_at, i.category, i.place_kind, i.place_address, i.place_lat, i.place_lon,
         coalesce(i.created_at, s.created_at) AS incident_created_at, f.id AS facility_id, f.name AS facility_name,
         s.reference AS sos_reference, s.status AS sos_status, s.created_at AS sos_created_at,
         s.place_kind AS sos_place_kind, s.lat AS sos_lat, s.lon AS sos_lon, s.accuracy_m AS sos_accuracy_m,
         s.location_source AS sos_location_source
    FROM alerts a LEFT JOIN incidents i ON i.id = a.incident_id LEFT JOIN sos s ON s.id = a.sos_id
    JOIN facilities f ON f.id = coalesce(i.facility_id, s.facility_id)
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
  incident_id: string | null;
  sos_id: string | null;
  reference: string | null;
  occurred_at: Date | null;
  category: string | null;
  place_kind: string | null;
  /** Encrypted (FieldCipher), like the SOS's location below. */
  place_address: Buffer | null;
  place_lat: Buffer | null;
  place_lon: Buffer | null;
  /** When the incident (or, before its report, the SOS) was filed. */
  incident_created_at: Date;
  facility_id: string;
  facility_name: string;
  sos_reference: string | null;
  sos_status: 'open' | 'attached' | 'closed' | null;
  sos_created_at: Date | null;
  sos_place_kind: string | null;
  sos_lat: Buffer | null;
  sos_lon: Buffer | null;
  sos_accuracy_m: Buffer | null;
  sos_location_source: 'device' | 'facility' | null;
}

/** An OpenStreetMap link centred on the point, at street level. */
export function mapUrl(lat: number, lon: number): string {
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
}

function incidentFacts(row: AlertRow): AlertIncidentFacts | null {
  if (!row.incident_id) return null;
  return {
    id: row.incident_id,
    reference: row.reference!,
    occurredAt: row.occurred_at!.toISOString(),
    facility: { id: row.facility_id, name: row.facility_name },
    category: row.category!,
    place: { kind: row.place_kind! },
  };
}

function sosFacts(row: AlertRow): AlertSosFacts | null {
  if (!row.sos_id) return null;
  return {
    id: row.sos_id,
    reference: row.sos_reference!,
    createdAt: row.sos_created_at!.toISOString(),
    facility: { id: row.facility_id, name: row.facility_name },
    place: { kind: row.sos_place_kind! },
  };
}

/** The place of the report, decrypted for the signed-in console. */
function incidentView(row: AlertRow, cipher: FieldCipher): AlertIncidentView | null {
  const facts = incidentFacts(row);
  if (!facts) return null;
  return {
    ...facts,
    place: {
      kind: facts.place.kind,
      address: cipher.openNullable('incidents.place_address', row.place_address),
      lat: cipher.openNumber('incidents.place_lat', row.place_lat),
      lon: cipher.openNumber('incidents.place_lon', row.place_lon),
    },
  };
}

/**
 * Where the SOS was sent from, decrypted for the signed-in console; null once erased with the
 * personal data of the report the SOS attached to.
 */
function sosLocationOf(row: AlertRow, cipher: FieldCipher): SosLocation | null {
  if (row.sos_lat === null || row.sos_lon === null) return null;
  const lat = cipher.openNumber('sos.lat', row.sos_lat);
  const lon = cipher.openNumber('sos.lon', row.sos_lon);
  return {
    lat,
    lon,
    accuracyM: cipher.openNumber('sos.accuracy_m', row.sos_accuracy_m),
    source: row.sos_location_source!,
    mapUrl: mapUrl(lat, lon),
  };
}

export function payloadOf(row: AlertRow): AlertPayload {
  const base = {
    alertId: row.alert_id,
    escalationLevel: row.escalation_level,
    priority: row.priority,
  };
  const incident = incidentFacts(row);
  if (incident)
    return {
      type: 'incident.alert',
      ...base,
      ...(row.sos_id ? { sosId: row.sos_id } : {}),
      incident,
    };
  return { type: 'sos.alert', ...base, sos: sosFacts(row)! };
}

/** The alert as the signed-in console and the API show it, with the place decrypted. */
export function alertView(row: AlertRow, cipher: FieldCipher): AlertView {
  const sos = sosFacts(row);
  return {
    id: row.alert_id,
    incidentId: row.incident_id,
    sosId: row.sos_id,
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
    incident: incidentView(row, cipher),
    sos: sos
      ? ({
          ...sos,
          status: row.sos_status!,
          location: sosLocationOf(row, cipher),
        } satisfies AlertSosView)
      : null,
  };
}
