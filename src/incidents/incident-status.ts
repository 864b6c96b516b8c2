export enum IncidentStatus {
  Submitted = 'submitted',
  Acknowledged = 'acknowledged',
  Investigating = 'investigating',
  ReferredToProsecution = 'referred_to_prosecution',
  Closed = 'closed',
}

export const OUTCOMES = [
  'duplicate',
  'unfounded',
  'resolved',
  'case_dismissed',
  'convicted',
  'acquitted',
  'other',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

const FORWARD: Record<IncidentStatus, IncidentStatus | null> = {
  [IncidentStatus.Submitted]: IncidentStatus.Acknowledged,
  [IncidentStatus.Acknowledged]: IncidentStatus.Investigating,
  [IncidentStatus.Investigating]: IncidentStatus.ReferredToProsecution,
  [IncidentStatus.ReferredToProsecution]: IncidentStatus.Closed,
  [IncidentStatus.Closed]: null,
};

export interface StatusChange {
  status: IncidentStatus;
  erdrNumber?: string;
  outcome?: Outcome;
  finalArticle?: string;
}

export type TransitionCheck = { ok: true } | { ok: false; field: string; message: string };

/**
 * The case workflow: forward one step at a time, or straight to `closed` from any open status
 * (a duplicate, an unfounded report, resolved without a case). A referral needs the pre-trial
 * investigation register (ERDR) number; closing needs an outcome.
 */
export function checkTransition(
  from: IncidentStatus,
  change: StatusChange,
  hasErdr: boolean,
): TransitionCheck {
  if (from === IncidentStatus.Closed) {
    return {
      ok: false,
      field: 'status',
      message: 'the incident is closed; it cannot change status',
    };
  }
  if (change.status !== IncidentStatus.Closed && FORWARD[from] !== change.status) {
    return {
      ok: false,
      field: 'status',
      message: `cannot move from ${from} to ${change.status}; next is ${FORWARD[from]} or closed`,
    };
  }
  if (change.status === IncidentStatus.ReferredToProsecution && !change.erdrNumber && !hasErdr) {
    return {
      ok: false,
      field: 'erdrNumber',
      message: 'is required to refer a case to prosecution',
    };
  }
  if (change.status === IncidentStatus.Closed && !change.outcome) {
    return { ok: false, field: 'outcome', message: 'is required to close an incident' };
  }
  if (change.status !== IncidentStatus.Closed && (change.outcome || change.finalArticle)) {
    return {
      ok: false,
      field: change.outcome ? 'outcome' : 'finalArticle',
      message: 'is recorded only when closing',
    };
  }
  return { ok: true };
}
