import { CategoryDefinition, Condition, Fact, Penalty, RuleSetDefinition } from './rule-set.types';

/** What the classifier needs to know about a report. */
export interface IncidentFacts {
  kind: string;
  victims: Array<{ role: string; injury: string }>;
  perpetratorCount: number;
  duringStateOfEmergency: boolean;
  /** Where the emergency flag came from, for the reasons. */
  emergencySource: 'recorded' | 'reported' | 'none';
  emergencyDescription?: string;
  /**
   * The event (several reports of one attack) the report belongs to: its reports' references and
   * the distinct medical workers harmed across them. `medicalWorkerVictims` is then the event's
   * count, so every rule-set version decides "an attack on several medical workers" per event.
   */
  event?: { references: string[]; medicalWorkers: number };
}

export interface Reason {
  fact: string;
  value: unknown;
  message: string;
}

export interface Classification {
  category: string;
  maxPenalty: Penalty;
  reasons: Reason[];
}

const PHYSICAL = new Set(['physical_assault', 'assault_with_weapon']);
const WEAPON = new Set(['threat_with_weapon', 'assault_with_weapon']);
const INJURY_ORDER = ['none', 'minor', 'moderate', 'severe'];

type FactValues = Record<Fact, boolean | number | string>;

export function factValues(facts: IncidentFacts, definition: RuleSetDefinition): FactValues {
  const medical = new Set(definition.medicalWorkerRoles);
  return {
    physicalViolence: PHYSICAL.has(facts.kind),
    weaponInvolved: WEAPON.has(facts.kind),
    medicalWorkerVictims:
      facts.event?.medicalWorkers ?? facts.victims.filter((v) => medical.has(v.role)).length,
    victims: facts.victims.length,
    duringStateOfEmergency: facts.duringStateOfEmergency,
    maxInjury: facts.victims.reduce(
      (worst, v) =>
        INJURY_ORDER.indexOf(v.injury) > INJURY_ORDER.indexOf(worst) ? v.injury : worst,
      'none',
    ),
    perpetrators: facts.perpetratorCount,
  };
}

function holds(condition: Condition, values: FactValues): boolean {
  const actual = values[condition.fact];
  const expected = condition.value;
  switch (condition.op) {
    case 'eq':
      return actual === expected;
    case 'ne':
      return actual !== expected;
    case 'gte':
      return typeof actual === 'number' && actual >= (expected as number);
    case 'lte':
      return typeof actual === 'number' && actual <= (expected as number);
    case 'in':
      return Array.isArray(expected) && expected.includes(actual);
  }
}

/**
 * Applies the rule set to the facts of a report: every rule whose conditions all hold proposes
 * its category, and the gravest proposal wins (Article 158-1 punishes by the gravest
 * circumstance). The reasons name the facts that decided, in words a reporter can read.
 */
export function classify(facts: IncidentFacts, definition: RuleSetDefinition): Classification {
  const values = factValues(facts, definition);
  const byCode = new Map(definition.categories.map((c) => [c.code, c]));
  const matches = definition.rules
    .filter((rule) => rule.when.every((c) => holds(c, values)))
    .map((rule) => ({ rule, category: byCode.get(rule.category) as CategoryDefinition }))
    .filter((m) => m.category)
    .sort((a, b) => b.category.severity - a.category.severity);

  const winner = matches[0];
  if (!winner) {
    const fallback = byCode.get(definition.fallbackCategory) as CategoryDefinition;
    return {
      category: fallback.code,
      maxPenalty: fallback.maxPenalty,
      reasons: [
        {
          fact: 'fallback',
          value: fallback.code,
          message: 'no rule matched the facts; the default category applies',
        },
        ...eventReason(facts),
      ],
    };
  }
  const reasons = winner.rule.when.map((c) => explain(c.fact, values, facts));
  const outranked = [...new Set(matches.slice(1).map((m) => m.category.code))].filter(
    (c) => c !== winner.category.code,
  );
  if (outranked.length > 0) {
    reasons.push({
      fact: 'gravest',
      value: outranked,
      message: `the facts also fit ${outranked.join(', ')}; the gravest category applies`,
    });
  }
  reasons.push(...eventReason(facts));
  return { category: winner.category.code, maxPenalty: winner.category.maxPenalty, reasons };
}

/** Which reports were counted together, for a report of an event. */
function eventReason(facts: IncidentFacts): Reason[] {
  if (!facts.event) return [];
  const { references, medicalWorkers } = facts.event;
  return [
    {
      fact: 'event',
      value: { references, medicalWorkers },
      message: `reports ${references.join(', ')} describe one event and were counted together: ${medicalWorkers} distinct medical worker(s) harmed`,
    },
  ];
}

function explain(fact: Fact, values: FactValues, facts: IncidentFacts): Reason {
  const value = values[fact];
  switch (fact) {
    case 'physicalViolence':
      return {
        fact,
        value,
        message: value
          ? `physical violence was used (${facts.kind})`
          : `no physical violence was used (${facts.kind})`,
      };
    case 'weaponInvolved':
      return {
        fact,
        value,
        message: value ? `a weapon was involved (${facts.kind})` : 'no weapon was involved',
      };
    case 'medicalWorkerVictims':
      return {
        fact,
        value,
        message: facts.event
          ? `${String(value)} distinct medical worker(s) were victims across the event’s reports`
          : `${String(value)} medical worker(s) were victims`,
      };
    case 'victims':
      return { fact, value, message: `${String(value)} victim(s)` };
    case 'duringStateOfEmergency':
      return {
        fact,
        value,
        message: !value
          ? 'no state of emergency was in force'
          : facts.emergencySource === 'recorded'
            ? `a state of emergency was in force (recorded: ${facts.emergencyDescription ?? 'regime on record'})`
            : 'a state of emergency was in force (as reported)',
      };
    case 'maxInjury':
      return { fact, value, message: `the gravest injury was ${String(value)}` };
    case 'perpetrators':
      return { fact, value, message: `${String(value)} perpetrator(s)` };
  }
}
