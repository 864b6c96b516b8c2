import type { RuleSetDefinition } from '../classification/rule-set.types';
import { routeIncident, routeSos, RoutingInput, RoutingResult } from './alert-routing';
import { escalationTarget, LadderInput } from './escalation-policy';

/** Used only when a category is missing from its rule set, which validation should prevent. */
export const FALLBACK_ACK_DEADLINE_MINUTES = 5;

export interface AlertTerms {
  /** 1 is the most urgent: the gravest category of the rule set. */
  priority: number;
  /** Unacknowledged by then, the alert escalates. */
  deadlineAt: Date;
}

/**
 * What an alert of a category is held to: its priority from the category's severity within the
 * rule set, and its acknowledgement deadline from the category's minutes (scaled for drills),
 * counted from when the alert was raised.
 */
export function alertTerms(
  definition: RuleSetDefinition,
  category: string,
  raisedAt: Date,
  deadlineScale: number,
): AlertTerms {
  const gravest = Math.max(...definition.categories.map((c) => c.severity));
  const entry = definition.categories.find((c) => c.code === category);
  const minutes = entry?.ackDeadlineMinutes ?? FALLBACK_ACK_DEADLINE_MINUTES;
  return {
    priority: gravest - (entry?.severity ?? gravest) + 1,
    deadlineAt: new Date(raisedAt.getTime() + minutes * 60_000 * deadlineScale),
  };
}

/**
 * What an SOS is held to before its report says what happened: the highest priority and the
 * shortest acknowledgement deadline of the rule set in force (scaled for drills).
 */
export function sosTerms(
  definition: RuleSetDefinition,
  raisedAt: Date,
  deadlineScale: number,
): AlertTerms {
  const minutes = Math.min(
    ...definition.categories.map((c) => c.ackDeadlineMinutes),
    FALLBACK_ACK_DEADLINE_MINUTES,
  );
  return {
    priority: 1,
    deadlineAt: new Date(raisedAt.getTime() + minutes * 60_000 * deadlineScale),
  };
}

/** The terms of an alert of a category, or of an SOS (no category yet). */
function termsOf(
  definition: RuleSetDefinition,
  category: string | null,
  raisedAt: Date,
  deadlineScale: number,
): AlertTerms {
  return category === null
    ? sosTerms(definition, raisedAt, deadlineScale)
    : alertTerms(definition, category, raisedAt, deadlineScale);
}

export interface PlannedAlert extends AlertTerms {
  postId: string;
  escalationLevel: number;
  raisedAt: Date;
}

/** The alerts a new report raises: who hears (routing) and on what terms. */
export function planAlerts(
  routing: RoutingInput,
  definition: RuleSetDefinition,
  category: string,
  now: Date,
  deadlineScale: number,
): { via: RoutingResult['via']; alerts: PlannedAlert[] } {
  const route = routeIncident(routing);
  const terms = alertTerms(definition, category, now, deadlineScale);
  return {
    via: route.via,
    alerts: route.postIds.map((postId) => ({
      postId,
      escalationLevel: 0,
      raisedAt: now,
      ...terms,
    })),
  };
}

/** The alerts an SOS raises: who hears (SOS routing), all at the highest priority. */
export function planSosAlerts(
  routing: RoutingInput & { ambulanceTeam: boolean },
  definition: RuleSetDefinition,
  now: Date,
  deadlineScale: number,
): { via: RoutingResult['via']; alerts: PlannedAlert[] } {
  const route = routeSos(routing);
  const terms = sosTerms(definition, now, deadlineScale);
  return {
    via: route.via,
    alerts: route.postIds.map((postId) => ({
      postId,
      escalationLevel: 0,
      raisedAt: now,
      ...terms,
    })),
  };
}

export type EscalationPlan =
  /** A new alert one level up. */
  | { kind: 'raise'; alert: PlannedAlert }
  /** The next rung already holds an alert of this incident: the escalation joins it. */
  | { kind: 'join'; postId: string; escalationLevel: number; alertId: string }
  /** Nobody further up. */
  | { kind: 'end' };

/**
 * Where an unacknowledged alert goes next, and on what terms a new alert there is raised (the
 * category's, or an SOS's when `category` is null).
 */
export function planEscalation(
  ladder: LadderInput,
  definition: RuleSetDefinition,
  category: string | null,
  now: Date,
  deadlineScale: number,
): EscalationPlan {
  const target = escalationTarget(ladder);
  if (!target) return { kind: 'end' };
  if (target.existingAlertId)
    return {
      kind: 'join',
      postId: target.postId,
      escalationLevel: target.level,
      alertId: target.existingAlertId,
    };
  return {
    kind: 'raise',
    alert: {
      postId: target.postId,
      escalationLevel: target.level,
      raisedAt: now,
      ...termsOf(definition, category, now, deadlineScale),
    },
  };
}
