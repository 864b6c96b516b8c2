import { isDeepStrictEqual } from 'node:util';
import { EntityManager } from 'typeorm';
import { followCategory } from '../alerts/alert-writes';
import { classify, Classification } from '../classification/classifier';
import type { RuleSetDefinition } from '../classification/rule-set.types';
import { Incident, IncidentHistory } from '../incidents/incident.entity';
import { IncidentStatus } from '../incidents/incident-status';
import type { CountedReport } from './event-counting';
import { distinctMedicalWorkers, EventCount } from './victim-identity';

export interface RuleSetRow {
  id: string;
  version: number;
  definition: RuleSetDefinition;
}

/** The rule set in force at a moment: the latest version effective by then. */
export async function ruleSetAt(m: EntityManager, at: Date): Promise<RuleSetRow | null> {
  const [row] = (await m.query(
    `SELECT id, version, definition FROM classification_rule_sets
      WHERE effective_from <= $1 ORDER BY effective_from DESC LIMIT 1`,
    [at],
  )) as RuleSetRow[];
  return row ?? null;
}

/** A category change an event brought about, for history, audit and the alerts. */
export interface EventReclassification {
  incidentId: string;
  from: {
    category: string;
    maxPenalty: Incident['maxPenalty'];
    reasons: Incident['classificationReasons'];
  };
  to: Classification & { ruleSetVersion: number };
  definition: RuleSetDefinition;
}

/**
 * Classifies a report from its event's facts (its own facts, with the distinct medical workers
 * harmed across the event's reports) under the rule set in force at its own time, or from its own
 * facts alone when it is in no event. A closed report keeps the classification it was closed
 * with, and one an officer corrected keeps the correction (a join or leave is no reason to undo
 * it). Returns the change when the category or penalty moved; reasons alone are updated quietly.
 */
export async function classifyInEvent(
  m: EntityManager,
  incident: Incident,
  report: CountedReport,
  event: { count: EventCount; members: CountedReport[] } | null,
): Promise<EventReclassification | null> {
  if (incident.status === IncidentStatus.Closed) return null;
  if (incident.classificationReasons.some((r) => r.fact === 'correction')) return null;
  const ruleSet = await ruleSetAt(m, incident.occurredAt);
  if (!ruleSet) return null;
  const emergency = incident.emergencyId
    ? (
        (await m.query(`SELECT description FROM emergencies WHERE id = $1`, [
          incident.emergencyId,
        ])) as Array<{
          description: string;
        }>
      )[0]
    : undefined;
  const classification = classify(
    {
      kind: incident.kind,
      victims: report.victims,
      perpetratorCount: incident.perpetratorCount,
      duringStateOfEmergency: incident.duringStateOfEmergency,
      emergencySource: incident.emergencyId
        ? 'recorded'
        : incident.reportedEmergency
          ? 'reported'
          : 'none',
      emergencyDescription: emergency?.description,
      event: event
        ? {
            references: event.members.map((r) => r.reference),
            medicalWorkers: distinctMedicalWorkers(
              event.count,
              ruleSet.definition.medicalWorkerRoles,
            ),
          }
        : undefined,
    },
    ruleSet.definition,
  );
  const moved =
    classification.category !== incident.category ||
    !isDeepStrictEqual(classification.maxPenalty, incident.maxPenalty);
  const same =
    !moved &&
    ruleSet.id === incident.ruleSetId &&
    isDeepStrictEqual(classification.reasons, incident.classificationReasons);
  if (same) return null;
  const from = {
    category: incident.category,
    maxPenalty: incident.maxPenalty,
    reasons: incident.classificationReasons,
  };
  await m.query(
    `UPDATE incidents SET category = $2, max_penalty = $3, rule_set_id = $4, rule_set_version = $5,
            classification_reasons = $6, updated_at = now()
      WHERE id = $1`,
    [
      incident.id,
      classification.category,
      JSON.stringify(classification.maxPenalty),
      ruleSet.id,
      ruleSet.version,
      JSON.stringify(classification.reasons),
    ],
  );
  if (!moved) return null;
  return {
    incidentId: incident.id,
    from,
    to: { ...classification, ruleSetVersion: ruleSet.version },
    definition: ruleSet.definition,
  };
}

/**
 * Records a change in the report's history and moves its open alerts to the new category's terms
 * (priority, deadline, escalation; the consoles get an `updated` event). Returns the posts told.
 */
export async function applyReclassification(
  m: EntityManager,
  change: EventReclassification,
  actor: { id: string; role: string },
  note: string | null,
  data: Record<string, unknown>,
  deadlineScale: number,
): Promise<string[]> {
  await m.insert(IncidentHistory, {
    incidentId: change.incidentId,
    actorId: actor.id,
    actorRole: actor.role,
    type: 'reclassified',
    note,
    data: {
      ...data,
      from: change.from,
      to: { category: change.to.category, maxPenalty: change.to.maxPenalty },
    },
  });
  return followCategory(m, change.incidentId, change.definition, change.to.category, deadlineScale);
}
