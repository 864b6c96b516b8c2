import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DeclineReason, RequestStatus, requestStatus } from './request-status';

/** A request as read with its device and the footage its latest upload made. */
export interface RequestRow {
  id: string;
  incidentId: string;
  deviceId: string | null;
  deviceSerial: string;
  deviceKind: string | null;
  deviceModel: string | null;
  unitId: string | null;
  unitName: string | null;
  facilityId: string | null;
  from: Date;
  to: Date;
  origin: 'report' | 'person';
  createdAt: Date;
  expiresAt: Date;
  footageId: string | null;
  uploadStartedAt: Date | null;
  receivedAt: Date | null;
  verifiedAt: Date | null;
  declinedAt: Date | null;
  reason: DeclineReason | null;
  status: RequestStatus;
}

interface RawRow {
  id: string;
  incident_id: string;
  device_id: string | null;
  device_serial: string;
  device_kind: string | null;
  device_model: string | null;
  unit_id: string | null;
  unit_name: string | null;
  facility_id: string | null;
  window_from: Date;
  window_to: Date;
  origin: 'report' | 'person';
  created_at: Date;
  expires_at: Date;
  footage_id: string | null;
  footage_status: string | null;
  footage_verified_at: Date | null;
  upload_started_at: Date | null;
  received_at: Date | null;
  declined_at: Date | null;
  decline_reason: DeclineReason | null;
}

const SELECT = `SELECT r.id, r.incident_id, r.device_id, r.device_serial, d.kind AS device_kind,
       d.model AS device_model, d.unit_id, u.name AS unit_name, u.facility_id, r.window_from,
       r.window_to, r.origin, r.created_at, r.expires_at, r.footage_id, f.status AS footage_status,
       f.verified_at AS footage_verified_at, r.upload_started_at, r.received_at, r.declined_at,
       r.decline_reason
  FROM footage_requests r
  LEFT JOIN devices d ON d.id = r.device_id
  LEFT JOIN units u ON u.id = d.unit_id
  LEFT JOIN footage f ON f.id = r.footage_id`;

/** Still awaiting the device: not declined, not past its end, no file stored or verified for it. */
const AWAITING = `r.declined_at IS NULL AND r.expires_at > $2
  AND (f.id IS NULL OR (f.verified_at IS NULL AND f.status <> 'stored'))`;

/** The most requests one answer to a gateway carries; it fetches again after answering them. */
export const GATEWAY_PAGE = 100;

function toRow(r: RawRow, now: Date): RequestRow {
  const footage = r.footage_status
    ? { status: r.footage_status, verifiedAt: r.footage_verified_at }
    : null;
  return {
    id: r.id,
    incidentId: r.incident_id,
    deviceId: r.device_id,
    deviceSerial: r.device_serial,
    deviceKind: r.device_kind,
    deviceModel: r.device_model,
    unitId: r.unit_id,
    unitName: r.unit_name,
    facilityId: r.facility_id,
    from: r.window_from,
    to: r.window_to,
    origin: r.origin,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    footageId: r.footage_id,
    uploadStartedAt: r.upload_started_at,
    receivedAt: r.received_at,
    verifiedAt: r.footage_verified_at,
    declinedAt: r.declined_at,
    reason: r.decline_reason,
    status: requestStatus({ declinedAt: r.declined_at, expiresAt: r.expires_at, footage }, now),
  };
}

/** Footage requests, read and written with their scope: a gateway's unit, an incident. */
@Injectable()
export class FootageRequestsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The requests the unit's devices still have to answer, oldest first. */
  async awaitingForUnit(unitId: string, now: Date): Promise<RequestRow[]> {
    const rows = (await this.dataSource.query(
      `${SELECT} WHERE d.unit_id = $1 AND ${AWAITING} ORDER BY r.created_at, r.id LIMIT ${GATEWAY_PAGE}`,
      [unitId, now],
    )) as RawRow[];
    return rows.map((r) => toRow(r, now));
  }

  async ofIncident(incidentId: string, now: Date): Promise<RequestRow[]> {
    const rows = (await this.dataSource.query(
      `${SELECT} WHERE r.incident_id = $1 ORDER BY r.created_at, r.device_serial, r.id`,
      [incidentId],
    )) as RawRow[];
    return rows.map((r) => toRow(r, now));
  }

  /** One request, locked for the rest of the transaction; undefined when there is none. */
  async locked(m: EntityManager, id: string, now: Date): Promise<RequestRow | undefined> {
    const [row] = (await m.query(`${SELECT} WHERE r.id = $1 FOR UPDATE OF r`, [id])) as RawRow[];
    return row ? toRow(row, now) : undefined;
  }

  async byId(m: EntityManager, id: string, now: Date): Promise<RequestRow> {
    const [row] = (await m.query(`${SELECT} WHERE r.id = $1`, [id])) as RawRow[];
    return toRow(row, now);
  }
}
