import { RuleSetDefinition } from './rule-set.types';

/**
 * Article 158-1 as proposed (Ministry of Health, 2025): threats — up to 2 years of restricted
 * freedom; assault on one health worker — up to 7 years; assault during a state of emergency — up
 * to 10 years; attack on several medical workers — up to 15 years. The first rule-set version, as
 * data: published once and never edited (later versions are added through the API). The migration
 * that seeds it keeps its own frozen copy; rule-set-v1.spec.ts checks that the two agree.
 *
 * `personalDataRetentionYears`: the limitation period of criminal prosecution for the category's
 * gravity (Criminal Code of the Republic of Kazakhstan, Article 71 part 1: 1 year for a criminal
 * misdemeanour, 5 minor gravity, 10 medium, 15 grave, 20 especially grave), the gravity being read
 * from the maximum penalty (Article 11: up to 2 years minor, up to 5 medium, up to 12 grave, above
 * 12 especially grave), plus a margin of 1 year — see retention-periods.ts. Threat: 2 years of
 * restricted freedom, minor, 5 + 1; assault: 7 years, grave, 15 + 1; assault in an emergency: 10
 * years, grave, 15 + 1; assault on several workers: 15 years, especially grave, 20 + 1.
 */
export const ARTICLE_158_1_V1: RuleSetDefinition = {
  categories: [
    {
      code: 'threat',
      severity: 1,
      maxPenalty: { kind: 'restricted_freedom', years: 2 },
      ackDeadlineMinutes: 15,
      personalDataRetentionYears: 6,
    },
    {
      code: 'assault',
      severity: 2,
      maxPenalty: { kind: 'imprisonment', years: 7 },
      ackDeadlineMinutes: 5,
      personalDataRetentionYears: 16,
    },
    {
      code: 'assault_emergency',
      severity: 3,
      maxPenalty: { kind: 'imprisonment', years: 10 },
      ackDeadlineMinutes: 5,
      personalDataRetentionYears: 16,
    },
    {
      code: 'assault_multiple',
      severity: 4,
      maxPenalty: { kind: 'imprisonment', years: 15 },
      ackDeadlineMinutes: 2,
      personalDataRetentionYears: 21,
    },
  ],
  medicalWorkerRoles: ['doctor', 'nurse', 'paramedic', 'feldsher', 'orderly'],
  rules: [
    { category: 'threat', when: [{ fact: 'physicalViolence', op: 'eq', value: false }] },
    { category: 'assault', when: [{ fact: 'physicalViolence', op: 'eq', value: true }] },
    {
      category: 'assault_emergency',
      when: [
        { fact: 'physicalViolence', op: 'eq', value: true },
        { fact: 'duringStateOfEmergency', op: 'eq', value: true },
      ],
    },
    {
      category: 'assault_multiple',
      when: [
        { fact: 'physicalViolence', op: 'eq', value: true },
        { fact: 'medicalWorkerVictims', op: 'gte', value: 2 },
      ],
    },
  ],
  fallbackCategory: 'threat',
};
