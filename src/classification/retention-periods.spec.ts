import {
  gravityOf,
  limitationYears,
  retentionYearsFor,
  RETENTION_MARGIN_YEARS,
} from './retention-periods';
import { ARTICLE_158_1_V1 } from './rule-set-v1';
import type { Penalty } from './rule-set.types';

describe('gravity of an offence by its maximum penalty (Criminal Code, Article 11)', () => {
  it.each<[string, Penalty, ReturnType<typeof gravityOf>]>([
    ['restricted freedom up to 2 years', { kind: 'restricted_freedom', years: 2 }, 'minor'],
    ['imprisonment up to 2 years', { kind: 'imprisonment', years: 2 }, 'minor'],
    ['imprisonment up to 3 years', { kind: 'imprisonment', years: 3 }, 'medium'],
    ['imprisonment up to 5 years', { kind: 'imprisonment', years: 5 }, 'medium'],
    ['imprisonment up to 7 years', { kind: 'imprisonment', years: 7 }, 'grave'],
    ['imprisonment up to 12 years', { kind: 'imprisonment', years: 12 }, 'grave'],
    ['imprisonment up to 15 years', { kind: 'imprisonment', years: 15 }, 'especially_grave'],
    ['a fine, no term', { kind: 'fine' }, 'minor'],
    ['another penalty, no term', { kind: 'other', description: 'community service' }, 'minor'],
  ])('%s is of %s gravity', (_what, penalty, gravity) => {
    expect(gravityOf(penalty)).toBe(gravity);
  });
});

describe('limitation periods of criminal prosecution (Criminal Code, Article 71)', () => {
  it.each<[Parameters<typeof limitationYears>[0], number]>([
    ['misdemeanour', 1],
    ['minor', 5],
    ['medium', 10],
    ['grave', 15],
    ['especially_grave', 20],
  ])('%s: %i years', (gravity, years) => {
    expect(limitationYears(gravity)).toBe(years);
  });
});

describe('default retention of personal data of a closed case', () => {
  it('is the limitation period of the gravity plus the margin', () => {
    expect(RETENTION_MARGIN_YEARS).toBe(1);
    expect(retentionYearsFor({ kind: 'imprisonment', years: 7 })).toBe(16);
  });

  it.each(ARTICLE_158_1_V1.categories.map((c) => [c.code, c] as const))(
    'rule set v1 states for %s what its maximum penalty gives',
    (_code, category) => {
      expect(category.personalDataRetentionYears).toBe(retentionYearsFor(category.maxPenalty));
    },
  );
});
