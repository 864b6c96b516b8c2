import { EntityManager } from 'typeorm';
import { preparedQuery } from '../common/persistence/prepared-query';
import type { Reason } from '../classification/classifier';
import type { Penalty, RuleSetDefinition } from '../classification/rule-set.types';
import type { RoutingInput } from '../alerts/alert-routing';
import { ROUTING_COLUMNS, RoutingColumns, routingOf } from '../alerts/routing-facts';
import {
  askedUnitsSql,
  ReportRequestTimes,
  reportRequestCtes,
} from '../footage-requests/report-requests';

/**
 * Intake runs on every report, on phones in a hurry: its reads and its writes are each a single
 * statement, so a report costs few round trips however many tables it touches.
 */

export interface IntakeContext extends RoutingInput {
  regionId: string;
  unitFound: boolean;
  unitFacilityId: string | null;
  ruleSet: { id: string; version: number; article: string; definition: RuleSetDefinition } | null;
  emergency: { id: string; description: string } | null;
}

/**
 * Everything a report needs to know, read at once: the facility's region, whether the unit is
 * one of its units, the rule set in force when it happened (the latest effective version), the
 * state of emergency then in force (a regional regime first, else a national one), and the posts
 * that could be alerted. Null when the facility does not exist.
 */
export async function readIntakeContext(
  m: EntityManager,
  facilityId: string,
  unitId: string | null,
  occurredAt: Date,
): Promise<IntakeContext | null> {
  const [row] = (await preparedQuery(
    m,
    'intake-context',
    `SELECT f.region_id,
       u.id IS NOT NULL AS unit_found, u.facility_id AS unit_facility_id,
       (SELECT row_to_json(r) FROM (SELECT id, version, article, definition FROM classification_rule_sets
          WHERE effective_from <= $3 ORDER BY effective_from DESC LIMIT 1) r) AS rule_set,
       (SELECT row_to_json(e) FROM (SELECT id, description FROM emergencies
          WHERE starts_at <= $3 AND ends_at > $3 AND (region_id = f.region_id OR region_id IS NULL)
          ORDER BY region_id IS NULL, starts_at DESC LIMIT 1) e) AS emergency,${ROUTING_COLUMNS}
     FROM facilities f LEFT JOIN units u ON u.id = $2
     WHERE f.id = $1`,
    [facilityId, unitId, occurredAt],
  )) as Array<
    RoutingColumns & {
      region_id: string;
      unit_found: boolean;
      unit_facility_id: string | null;
      rule_set: IntakeContext['ruleSet'];
      emergency: IntakeContext['emergency'];
    }
  >;
  if (!row) return null;
  return {
    regionId: row.region_id,
    unitFound: row.unit_found,
    unitFacilityId: row.unit_facility_id,
    ruleSet: row.rule_set,
    emergency: row.emergency,
    ...routingOf(row),
  };
}

export interface NewIncident {
  year: number;
  facilityId: string;
  unitId: string | null;
  reporterId: string;
  reporterRole: string;
  occurredAt: Date;
  /** Address and coordinates, encrypted (FieldCipher). */
  place: { kind: string; address: Buffer | null; lat: Buffer | null; lon: Buffer | null };
  kind: string;
  reportedEmergency: boolean;
  duringStateOfEmergency: boolean;
  emergencyId: string | null;
  /** The description, the narrative, the witnesses and the victims' names are encrypted too. */
  perpetrators: { type: string; count: number; description: Buffer | null };
  narrative: Buffer;
  witnesses: Buffer | null;
  category: string;
  maxPenalty: Penalty;
  ruleSetId: string;
  ruleSetVersion: number;
  reasons: Reason[];
  victims: Array<{ role: string; injury: string; fullName: Buffer | null; userId: string | null }>;
  footageRequests: ReportRequestTimes;
}

export interface WrittenIncident {
  id: string;
  reference: string;
  createdAt: Date;
  updatedAt: Date;
  history: { id: string; at: Date };
  /** The units whose devices were asked for footage. */
  askedUnits: string[];
}

/**
 * Writes the incident, its victims, its first history entry and its footage requests in one
 * statement (its alerts are raised next, by the alerts' own writer). The reference INC-YYYY-NNNNNN comes from the year's
 * sequence inside the same statement, so concurrent reports never wait or collide, and a rollback
 * only leaves a gap in the numbers.
 */
export async function writeIncident(m: EntityManager, n: NewIncident): Promise<WrittenIncident> {
  const [row] = (await preparedQuery(
    m,
    'intake-write',
    `WITH i AS (
       INSERT INTO incidents (reference, facility_id, unit_id, reporter_id, occurred_at, place_kind, place_address,
         place_lat, place_lon, kind, reported_emergency, during_state_of_emergency, emergency_id, perpetrator_type,
         perpetrator_count, perpetrator_description, narrative, witnesses, status, category, max_penalty, rule_set_id,
         rule_set_version, classification_reasons)
       VALUES ('INC-' || $1::int || '-' || lpad(next_incident_number($1)::text, 6, '0'), $2, $3, $4, $5, $6, $7, $8, $9,
         $10, $11, $12, $13, $14, $15, $16, $17, $18, 'submitted', $19, $20, $21, $22, $23)
       RETURNING id, reference, created_at, updated_at),
     v AS (
       INSERT INTO incident_victims (incident_id, position, role, injury, full_name, user_id)
       SELECT i.id, x.position, x.role, x.injury, decode(x."fullName", 'base64'), x."userId"
         FROM i, jsonb_to_recordset($24::jsonb)
           AS x(position int, role text, injury text, "fullName" text, "userId" uuid)),
     h AS (
       INSERT INTO incident_history (incident_id, at, actor_id, actor_role, type, to_status, data)
       SELECT i.id, i.created_at, $4, $25, 'created', 'submitted', $26 FROM i
       RETURNING id, at),
     ${reportRequestCtes({
       incidentId: '(SELECT id FROM i)',
       facilityId: '$2',
       unitId: '$3',
       placeKind: '$6',
       from: '$27',
       to: '$28',
       createdAt: '$29',
       expiresAt: '$30',
     })}
     SELECT i.*, (SELECT row_to_json(h) FROM h) AS history, ${askedUnitsSql} AS asked_units FROM i`,
    [
      n.year,
      n.facilityId,
      n.unitId,
      n.reporterId,
      n.occurredAt,
      n.place.kind,
      n.place.address,
      n.place.lat,
      n.place.lon,
      n.kind,
      n.reportedEmergency,
      n.duringStateOfEmergency,
      n.emergencyId,
      n.perpetrators.type,
      n.perpetrators.count,
      n.perpetrators.description,
      n.narrative,
      n.witnesses,
      n.category,
      JSON.stringify(n.maxPenalty),
      n.ruleSetId,
      n.ruleSetVersion,
      JSON.stringify(n.reasons),
      JSON.stringify(
        n.victims.map((v, position) => ({
          ...v,
          fullName: v.fullName?.toString('base64') ?? null,
          position,
        })),
      ),
      n.reporterRole,
      JSON.stringify({ category: n.category, ruleSetVersion: n.ruleSetVersion }),
      n.footageRequests.from,
      n.footageRequests.to,
      n.footageRequests.createdAt,
      n.footageRequests.expiresAt,
    ],
  )) as Array<{
    id: string;
    reference: string;
    created_at: Date;
    updated_at: Date;
    history: { id: string; at: string };
    asked_units: string[];
  }>;
  return {
    id: row.id,
    reference: row.reference,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    history: { id: String(row.history.id), at: new Date(row.history.at) },
    askedUnits: row.asked_units,
  };
}
