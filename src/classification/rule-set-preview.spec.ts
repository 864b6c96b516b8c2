import { ARTICLE_158_1_V1 } from './rule-set-v1';
import { previewRuleSet, SAMPLE_REPORTS } from './rule-set-preview';
import { RuleSetDefinition } from './rule-set.types';

const V1 = ARTICLE_158_1_V1;

/** v1 with the threat category's maximum penalty raised to 3 years. */
const harsherThreats: RuleSetDefinition = {
  ...V1,
  categories: V1.categories.map((c) =>
    c.code === 'threat' ? { ...c, maxPenalty: { ...c.maxPenalty, years: 3 } } : c,
  ),
};

/** v1 without its emergency rule: assaults in an emergency fall back to plain assault. */
const noEmergencyRule: RuleSetDefinition = {
  ...V1,
  rules: V1.rules.filter((r) => r.category !== 'assault_emergency'),
};

describe('rule-set preview', () => {
  it('covers every category of Article 158-1 with its built-in samples', () => {
    const categories = new Set(previewRuleSet(V1, V1).map((o) => o.draft.category));
    expect([...categories].sort()).toEqual(V1.categories.map((c) => c.code).sort());
  });

  it.each<[string, RuleSetDefinition, Array<[string, string, boolean]>]>([
    [
      'the set in force against itself changes nothing',
      V1,
      [
        ['verbal threat to a nurse', 'threat', false],
        ['a patient strikes a doctor', 'assault', false],
        ['an assault on a paramedic during a state of emergency', 'assault_emergency', false],
        ['relatives attack a doctor and two nurses', 'assault_multiple', false],
      ],
    ],
    [
      'a harsher threat penalty changes the threats only',
      harsherThreats,
      [
        ['verbal threat to a nurse', 'threat', true],
        ['threat with a knife to a doctor', 'threat', true],
        ['a threat during a state of emergency', 'threat', true],
        ['a patient strikes a doctor', 'assault', false],
      ],
    ],
    [
      'without the emergency rule an emergency assault is a plain assault',
      noEmergencyRule,
      [
        ['an assault on a paramedic during a state of emergency', 'assault', true],
        ['a threat during a state of emergency', 'threat', false],
        ['relatives attack a doctor and two nurses', 'assault_multiple', false],
      ],
    ],
  ])('%s', (_name, draft, expected) => {
    const byLabel = new Map(previewRuleSet(draft, V1).map((o) => [o.sample.label, o]));
    for (const [label, category, changed] of expected) {
      expect({
        label,
        category: byLabel.get(label)?.draft.category,
        changed: byLabel.get(label)?.changed,
      }).toEqual({
        label,
        category,
        changed,
      });
    }
  });

  it('with no set in force, answers the draft alone and marks nothing changed', () => {
    const outcomes = previewRuleSet(V1, null);
    expect(outcomes).toHaveLength(SAMPLE_REPORTS.length);
    expect(outcomes.every((o) => o.current === null && !o.changed)).toBe(true);
  });

  it('classifies the samples it is given instead of the built-in ones', () => {
    const [only] = previewRuleSet(V1, V1, [
      {
        kind: 'assault_with_weapon',
        victims: [{ role: 'orderly', injury: 'severe' }],
        perpetratorCount: 1,
        duringStateOfEmergency: false,
      },
    ]);
    expect(only.draft.category).toBe('assault');
    expect(only.draft.maxPenalty).toEqual({ kind: 'imprisonment', years: 7 });
    expect(only.draft.reasons.map((r) => r.fact)).toContain('physicalViolence');
  });
});
