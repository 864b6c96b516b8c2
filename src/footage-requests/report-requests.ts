import { windowAround } from './request-status';

export interface RequestSettings {
  windowMinutes: number;
  expiryHours: number;
}

/** The window a report's footage requests ask for, and when they are made and expire. */
export interface ReportRequestTimes {
  from: Date;
  to: Date;
  createdAt: Date;
  expiresAt: Date;
}

export function reportRequestTimes(
  occurredAt: Date,
  settings: RequestSettings,
  now: Date,
): ReportRequestTimes {
  return {
    ...windowAround(occurredAt, settings.windowMinutes),
    createdAt: now,
    expiresAt: new Date(now.getTime() + settings.expiryHours * 3600_000),
  };
}

/** SQL expressions (parameters or columns) the request CTEs are built from. */
export interface RequestCteInputs {
  incidentId: string;
  facilityId: string;
  unitId: string;
  placeKind: string;
  from: string;
  to: string;
  createdAt: string;
  expiresAt: string;
}

/**
 * The footage requests a report makes, as two CTEs for the filing's own statement (so a report
 * costs no extra round trip): `asked`, the devices that may have seen the incident — the body
 * cameras of the report's unit and, when it happened in the admission department, the recorders
 * of the facility's admission departments — and `made`, the requests written to them.
 * `askedUnitsSql` answers the units whose gateways have something new to fetch.
 */
export function reportRequestCtes(p: RequestCteInputs): string {
  return `asked AS (
       SELECT d.id, d.serial_number, d.unit_id FROM devices d JOIN units u ON u.id = d.unit_id
        WHERE (d.unit_id = ${p.unitId} AND d.kind = 'body_camera')
           OR (${p.placeKind} = 'admission_department' AND u.facility_id = ${p.facilityId}
               AND u.kind = 'admission_department' AND d.kind = 'video_recorder')),
     made AS (
       INSERT INTO footage_requests (incident_id, device_id, device_serial, window_from, window_to,
         origin, created_at, expires_at)
       SELECT ${p.incidentId}, a.id, a.serial_number, ${p.from}, ${p.to}, 'report', ${p.createdAt}, ${p.expiresAt}
         FROM asked a
       RETURNING device_id)`;
}

export const askedUnitsSql = `ARRAY(SELECT DISTINCT a.unit_id::text FROM asked a JOIN made ON made.device_id = a.id)`;
