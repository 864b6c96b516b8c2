import { EntityManager } from 'typeorm';
import { preparedQuery } from '../common/persistence/prepared-query';
import { windowAround } from './request-status';

export interface ReportForRequests {
  incidentId: string;
  facilityId: string;
  unitId: string | null;
  placeKind: string;
  occurredAt: Date;
}

export interface RequestSettings {
  windowMinutes: number;
  expiryHours: number;
}

/**
 * Asks the devices that may have seen the incident for its window, in the filing's transaction:
 * the body cameras of the report's unit, and when it happened in the admission department, the
 * recorders of the facility's admission departments. One statement; answers the units whose
 * gateways have something new to fetch.
 */
export async function requestFootageForReport(
  m: EntityManager,
  report: ReportForRequests,
  settings: RequestSettings,
  now: Date,
): Promise<string[]> {
  const { from, to } = windowAround(report.occurredAt, settings.windowMinutes);
  const expiresAt = new Date(now.getTime() + settings.expiryHours * 3600_000);
  const rows = await preparedQuery<{ unit_id: string }>(
    m,
    'intake-footage-requests',
    `WITH asked AS (
       SELECT d.id, d.serial_number, d.unit_id FROM devices d JOIN units u ON u.id = d.unit_id
        WHERE (d.unit_id = $2 AND d.kind = 'body_camera')
           OR ($3 AND u.facility_id = $4 AND u.kind = 'admission_department' AND d.kind = 'video_recorder')),
     made AS (
       INSERT INTO footage_requests (incident_id, device_id, device_serial, window_from, window_to,
         origin, created_at, expires_at)
       SELECT $1, id, serial_number, $5, $6, 'report', $7, $8 FROM asked
       RETURNING device_id)
     SELECT DISTINCT a.unit_id FROM asked a JOIN made ON made.device_id = a.id`,
    [
      report.incidentId,
      report.unitId,
      report.placeKind === 'admission_department',
      report.facilityId,
      from,
      to,
      now,
      expiresAt,
    ],
  );
  return rows.map((r) => r.unit_id);
}
