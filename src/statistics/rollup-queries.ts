import { AppError } from '../common/app-error';
import { Month } from './months';

/*
 * SQL shared by the statistics readers. Each reads the rollups (never the incidents table) and
 * adds the deltas the worker has not folded in yet, so a figure is exact at every moment.
 */

/** The rollup rows for some months, plus the deltas not yet folded in: exact at every moment. */
export const INCIDENT_FIGURES = `
  SELECT month, facility_id, category, perpetrator_type, incidents, events, with_footage
    FROM stats_incidents_monthly WHERE month = ANY($1::date[])
  UNION ALL
  SELECT month, facility_id, category, perpetrator_type, incidents, events, with_footage
    FROM stats_incident_deltas WHERE month = ANY($1::date[])`;
export const VICTIM_FIGURES = `
  SELECT month, facility_id, category, victim_role, victims
    FROM stats_victims_monthly WHERE month = ANY($1::date[])
  UNION ALL
  SELECT month, facility_id, category, victim_role, victims
    FROM stats_victim_deltas WHERE month = ANY($1::date[])`;

/** The categories of the rule set in force now, with their severity. */
export const CURRENT_CATEGORIES = `
  SELECT c->>'code' AS code, (c->>'severity')::int AS severity
    FROM classification_rule_sets s, jsonb_array_elements(s.definition->'categories') c
   WHERE s.id = (SELECT id FROM classification_rule_sets WHERE effective_from <= now()
                  ORDER BY effective_from DESC, version DESC LIMIT 1)`;

/** The months from `from` to `to`, both included; at most ten years, `to` not before `from`. */
export function monthRange(from: Month, to: Month): Month[] {
  const span = from.until(to);
  if (span < 0) throw AppError.invalid('to', 'must not be before from');
  if (span >= 120) throw AppError.invalid('from', 'the range may span at most 120 months');
  return Array.from({ length: span + 1 }, (_, i) => from.plus(i));
}
