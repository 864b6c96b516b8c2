/** The shape of a classification rule set: data, versioned, never constants in code. */

export type Fact =
  | 'physicalViolence'
  | 'weaponInvolved'
  | 'medicalWorkerVictims'
  | 'victims'
  | 'duringStateOfEmergency'
  | 'maxInjury'
  | 'perpetrators';
export const FACTS: readonly Fact[] = [
  'physicalViolence',
  'weaponInvolved',
  'medicalWorkerVictims',
  'victims',
  'duringStateOfEmergency',
  'maxInjury',
  'perpetrators',
];

export type Operator = 'eq' | 'ne' | 'gte' | 'lte' | 'in';
export const OPERATORS: readonly Operator[] = ['eq', 'ne', 'gte', 'lte', 'in'];

export interface Condition {
  fact: Fact;
  op: Operator;
  value: boolean | number | string | Array<string | number | boolean>;
}

export interface Rule {
  category: string;
  /** Every condition must hold. */
  when: Condition[];
}

export interface Penalty {
  kind: 'restricted_freedom' | 'imprisonment' | 'fine' | 'other';
  years?: number;
  description?: string;
}

export interface CategoryDefinition {
  code: string;
  /** Higher is graver; where several rules match, the gravest category wins. */
  severity: number;
  maxPenalty: Penalty;
  /** How long a police post has to acknowledge an alert of this category before it escalates. */
  ackDeadlineMinutes: number;
  /**
   * Whole years the personal data of a closed incident of this category is kept after it was
   * closed; then the worker erases it (see README, Personal data).
   */
  personalDataRetentionYears: number;
}

export interface RuleSetDefinition {
  categories: CategoryDefinition[];
  /** Victim roles that count as medical workers for `medicalWorkerVictims`. */
  medicalWorkerRoles: string[];
  rules: Rule[];
  /** Applies when no rule matches. */
  fallbackCategory: string;
}

export const VICTIM_ROLES = [
  'doctor',
  'nurse',
  'paramedic',
  'feldsher',
  'driver',
  'orderly',
  'other',
] as const;
export const INJURIES = ['none', 'minor', 'moderate', 'severe'] as const;
export const INCIDENT_KINDS = [
  'verbal_threat',
  'threat_with_weapon',
  'physical_assault',
  'assault_with_weapon',
] as const;

/** Problems with a proposed definition, as field paths and messages; empty when it is usable. */
export function checkDefinition(d: RuleSetDefinition): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  const codes = new Set<string>();
  d.categories.forEach((c, i) => {
    if (codes.has(c.code))
      problems.push({ field: `categories[${i}].code`, message: `duplicates category ${c.code}` });
    codes.add(c.code);
  });
  const severities = d.categories.map((c) => c.severity);
  if (new Set(severities).size !== severities.length) {
    problems.push({
      field: 'categories',
      message: 'every category needs its own severity, so the gravest is clear',
    });
  }
  if (!codes.has(d.fallbackCategory))
    problems.push({ field: 'fallbackCategory', message: 'is not one of the categories' });
  d.medicalWorkerRoles.forEach((role, i) => {
    if (!(VICTIM_ROLES as readonly string[]).includes(role)) {
      problems.push({
        field: `medicalWorkerRoles[${i}]`,
        message: `must be one of ${VICTIM_ROLES.join(', ')}`,
      });
    }
  });
  d.rules.forEach((rule, i) => {
    if (!codes.has(rule.category))
      problems.push({ field: `rules[${i}].category`, message: 'is not one of the categories' });
    rule.when.forEach((c, j) => {
      const field = `rules[${i}].when[${j}]`;
      if (c.op === 'in' && !Array.isArray(c.value))
        problems.push({ field: `${field}.value`, message: 'must be a list for op "in"' });
      if ((c.op === 'gte' || c.op === 'lte') && typeof c.value !== 'number') {
        problems.push({ field: `${field}.value`, message: `must be a number for op "${c.op}"` });
      }
    });
  });
  return problems;
}
