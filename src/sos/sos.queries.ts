import { EntityManager } from 'typeorm';
import type { RuleSetDefinition } from '../classification/rule-set.types';
import { preparedQuery } from '../common/persistence/prepared-query';
import { UnitKind } from '../directory/directory.types';
import type { RoutingInput } from '../alerts/alert-routing';
import { ROUTING_COLUMNS, RoutingColumns, routingOf } from '../alerts/routing-facts';
import type { LocationSource, SosStatus } from './sos.entity';

/** What an SOS needs to know, read at once: the facility, the unit, the rules, and who can be alerted. */
export interface SosContext extends RoutingInput {
  unitFound: boolean;
  unitFacilityId: string | null;
  unitKind: UnitKind | null;
  definition: RuleSetDefinition | null;
}

export async function readSosContext(
  m: EntityManager,
  facilityId: string,
  unitId: string | null,
  at: Date,
): Promise<SosContext | null> {
  const [row] = (await preparedQuery(
    m,
    'sos-context',
    `SELECT u.id IS NOT NULL AS unit_found, u.facility_id AS unit_facility_id, u.kind AS unit_kind,
       (SELECT definition FROM classification_rule_sets WHERE effective_from <= $3
         ORDER BY effective_from DESC LIMIT 1) AS definition,${ROUTING_COLUMNS}
     FROM facilities f LEFT JOIN units u ON u.id = $2
     WHERE f.id = $1`,
    [facilityId, unitId, at],
  )) as Array<
    RoutingColumns & {
      unit_found: boolean;
      unit_facility_id: string | null;
      unit_kind: UnitKind | null;
      definition: RuleSetDefinition | null;
    }
  >;
  if (!row) return null;
  return {
    unitFound: row.unit_found,
    unitFacilityId: row.unit_facility_id,
    unitKind: row.unit_kind,
    definition: row.definition,
    ...routingOf(row),
  };
}

/** Where an officer looks for the sender, from the unit they work in. */
export function placeKindOf(unitKind: UnitKind | null): string {
  if (unitKind === UnitKind.AmbulanceTeam) return 'ambulance_call';
  if (unitKind === UnitKind.AdmissionDepartment) return 'admission_department';
  return 'other';
}

export interface NewSos {
  facilityId: string;
  unitId: string | null;
  reporterId: string;
  placeKind: string;
  /** The location, encrypted. */
  lat: Buffer;
  lon: Buffer;
  accuracyM: Buffer | null;
  locationSource: LocationSource;
  createdAt: Date;
}

export interface SosRow {
  id: string;
  reference: string;
  facility_id: string;
  unit_id: string | null;
  reporter_id: string;
  place_kind: string;
  lat: Buffer | null;
  lon: Buffer | null;
  accuracy_m: Buffer | null;
  location_source: LocationSource;
  status: SosStatus;
  incident_id: string | null;
  attached_at: Date | null;
  close_reason: string | null;
  closed_by: string | null;
  closed_at: Date | null;
  created_at: Date;
}

/** The reference SOS-NNNNNN comes from a sequence: concurrent taps never wait or collide. */
export async function insertSos(m: EntityManager, n: NewSos): Promise<SosRow> {
  const [row] = (await preparedQuery(
    m,
    'sos-insert',
    `INSERT INTO sos (reference, facility_id, unit_id, reporter_id, place_kind, lat, lon, accuracy_m,
       location_source, created_at)
     VALUES ('SOS-' || lpad(nextval('sos_reference_seq')::text, 6, '0'), $1, $2, $3, $4, $5, $6, $7, $8, $9)
     RETURNING *`,
    [
      n.facilityId,
      n.unitId,
      n.reporterId,
      n.placeKind,
      n.lat,
      n.lon,
      n.accuracyM,
      n.locationSource,
      n.createdAt,
    ],
  )) as SosRow[];
  return row;
}

export async function findSos(m: EntityManager, id: string, lock = false): Promise<SosRow | null> {
  const [row] = (await m.query(`SELECT * FROM sos WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
    id,
  ])) as SosRow[];
  return row ?? null;
}

export interface SosAlertRow {
  id: string;
  sos_id: string;
  police_post_id: string;
  status: string;
  priority: number;
  escalation_level: number;
}

export async function alertsOfSos(m: EntityManager, ids: string[]): Promise<SosAlertRow[]> {
  if (ids.length === 0) return [];
  return (await m.query(
    `SELECT id, sos_id, police_post_id, status, priority, escalation_level FROM alerts
      WHERE sos_id = ANY($1::uuid[]) ORDER BY escalation_level, created_at, police_post_id`,
    [ids],
  )) as SosAlertRow[];
}
