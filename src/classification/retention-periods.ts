import type { Penalty } from './rule-set.types';

/**
 * Gravity of a criminal offence, Criminal Code of the Republic of Kazakhstan (2014), Article 11:
 * of an intentional crime, by the maximum penalty the Code provides — minor gravity up to 2 years
 * of imprisonment, medium up to 5, grave up to 12, especially grave above 12 (part 2–5). A
 * criminal misdemeanour (Article 10) carries no imprisonment; a penalty given only as a fine or
 * "other" cannot tell a misdemeanour from a crime, so it counts as the lesser crime (minor), the
 * longer of the two periods. Restricted freedom is measured in years like imprisonment.
 */
export type Gravity = 'misdemeanour' | 'minor' | 'medium' | 'grave' | 'especially_grave';

export function gravityOf(maxPenalty: Penalty): Gravity {
  const years = maxPenalty.years ?? 0;
  if (years <= 2) return 'minor';
  if (years <= 5) return 'medium';
  if (years <= 12) return 'grave';
  return 'especially_grave';
}

/**
 * Limitation periods of criminal prosecution, Criminal Code of the Republic of Kazakhstan,
 * Article 71 part 1: one year after a criminal misdemeanour, five after a crime of minor gravity,
 * ten after one of medium gravity, fifteen after a grave and twenty after an especially grave one.
 */
const LIMITATION_YEARS: Record<Gravity, number> = {
  misdemeanour: 1,
  minor: 5,
  medium: 10,
  grave: 15,
  especially_grave: 20,
};

export const limitationYears = (gravity: Gravity): number => LIMITATION_YEARS[gravity];

/**
 * Added to the limitation period: a case can still be reopened or reviewed after prosecution is
 * time-barred (cassation, new circumstances), and the period runs from the offence while ours runs
 * from the case's closing, so a year more keeps the record for any late proceeding.
 */
export const RETENTION_MARGIN_YEARS = 1;

/** Years personal data of a closed case of this maximum penalty is kept, by default. */
export function retentionYearsFor(maxPenalty: Penalty): number {
  return limitationYears(gravityOf(maxPenalty)) + RETENTION_MARGIN_YEARS;
}
