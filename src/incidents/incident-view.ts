import { Alert } from '../alerts/alert.entity';
import { Role } from '../auth/roles';
import { Incident, IncidentHistory } from './incident.entity';
import type { IncidentFacts, IncidentPersonal, OpenVictim } from './incident-personal';
import type { IncidentEventView } from '../events/events.views';
import { AddendumView, IncidentSummary, IncidentView } from './incident.views';

/** List rows carry no personal data: no names, narrative, witnesses or address. */
export function incidentSummary(i: Incident, victimCount: number): IncidentSummary {
  return {
    id: i.id,
    reference: i.reference,
    status: i.status,
    occurredAt: i.occurredAt,
    facilityId: i.facilityId,
    unitId: i.unitId,
    place: { kind: i.placeKind },
    kind: i.kind,
    duringStateOfEmergency: i.duringStateOfEmergency,
    victimCount,
    classification: {
      article: '158-1',
      category: i.category,
      maxPenalty: i.maxPenalty,
      ruleSetVersion: i.ruleSetVersion,
    },
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}

/** The full report: its facts, and its personal data already decrypted. */
export function incidentView(
  i: IncidentFacts,
  personal: IncidentPersonal,
  parts: {
    victims: Array<Pick<OpenVictim, 'position' | 'role' | 'injury' | 'fullName' | 'userId'>>;
    alerts: Array<
      Pick<Alert, 'id' | 'policePostId' | 'status' | 'priority' | 'escalationLevel'> &
        Partial<Pick<Alert, 'acknowledgedAt' | 'acknowledgedBy'>> & {
          postName?: string | null;
          acknowledgedByName?: string | null;
        }
    >;
    history: Array<
      Pick<
        IncidentHistory,
        'at' | 'type' | 'actorRole' | 'actorId' | 'fromStatus' | 'toStatus' | 'note' | 'data'
      >
    >;
    article: string;
    viewerRole: Role | 'device';
    sosId?: string | null;
    addenda?: AddendumView[];
    event?: IncidentEventView | null;
  },
): IncidentView {
  return {
    id: i.id,
    reference: i.reference,
    status: i.status,
    occurredAt: i.occurredAt,
    facilityId: i.facilityId,
    unitId: i.unitId,
    reporterId: i.reporterId,
    place: {
      kind: i.placeKind,
      address: personal.placeAddress,
      lat: personal.placeLat,
      lon: personal.placeLon,
    },
    kind: i.kind,
    duringStateOfEmergency: i.duringStateOfEmergency,
    reportedStateOfEmergency: i.reportedEmergency,
    victims: parts.victims
      .sort((a, b) => a.position - b.position)
      .map((v) => ({ role: v.role, injury: v.injury, fullName: v.fullName, userId: v.userId })),
    perpetrators: {
      type: i.perpetratorType,
      count: i.perpetratorCount,
      description: personal.perpetratorDescription,
    },
    narrative: personal.narrative,
    witnesses: personal.witnesses,
    classification: {
      article: parts.article,
      category: i.category,
      maxPenalty: i.maxPenalty,
      ruleSetVersion: i.ruleSetVersion,
      reasons: i.classificationReasons,
    },
    alerts: parts.alerts.map((a) => ({
      id: a.id,
      policePostId: a.policePostId,
      status: a.status,
      priority: a.priority,
      escalationLevel: a.escalationLevel,
      postName: a.postName ?? null,
      acknowledgedAt: a.acknowledgedAt ?? null,
      // Reporters learn that and when the police acknowledged, not which officer.
      acknowledgedBy:
        a.acknowledgedBy && parts.viewerRole !== Role.Staff
          ? { id: a.acknowledgedBy, name: a.acknowledgedByName ?? null }
          : null,
    })),
    sosId: parts.sosId ?? null,
    erdrNumber: i.erdrNumber,
    outcome: i.outcome,
    finalArticle: i.finalArticle,
    closedAt: i.closedAt,
    personalDataErasedAt: i.personalDataErasedAt,
    history: parts.history.map((h) => ({
      at: h.at,
      type: h.type,
      // Reporters see which role acted on their report, not which officer.
      actor: { role: h.actorRole, id: parts.viewerRole === Role.Staff ? undefined : h.actorId },
      fromStatus: h.fromStatus,
      toStatus: h.toStatus,
      note: h.note,
      data: h.data,
    })),
    addenda: parts.addenda ?? [],
    event: parts.event ?? null,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}
