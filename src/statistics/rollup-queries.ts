import { AppError } from '../common/app-error';
import { Month } from './months';

/*
 * SQL shared by the statistics readers. Each reads the rollups (never the incidents table) and
 * adds the deltas the worker has not folded in yet, so a figure is exact at every moment.
 */

/** The rows of `rollup` for the months in $1, plus the `deltas` not yet folded in: exact. */
const plusDeltas = (rollup: string, deltas: string, columns: string) => `
  SELECT month, facility_id, ${columns} FROM ${rollup} WHERE month = ANY($1::date[])
  UNION ALL
  SELECT month, facility_id, ${columns} FROM ${deltas} WHERE month = ANY($1::date[])`;

const INCIDENT_COLUMNS = 'category, perpetrator_type, incidents, events, with_footage';
const VICTIM_COLUMNS = 'category, victim_role, victims';

/** The facility rollup rows for some months, plus the deltas not yet folded in. */
export const INCIDENT_FIGURES = plusDeltas(
  'stats_incidents_monthly',
  'stats_incident_deltas',
  INCIDENT_COLUMNS,
);
export const VICTIM_FIGURES = plusDeltas(
  'stats_victims_monthly',
  'stats_victim_deltas',
  VICTIM_COLUMNS,
);

/**
 * The incident or victim figures by region and facility type (columns `region_id` and
 * `facility_type` in place of `facility_id`) for some months, exact at every moment: the regional
 * rollup of each month, except months a facility's move has marked stale, whose facility rows are
 * read instead, plus the deltas not folded in yet, both under each facility's region and type now.
 */
const regional = (rollup: string, facilityRollup: string, deltas: string, columns: string) => `
  SELECT month, region_id, facility_type, ${columns}
    FROM ${rollup}
   WHERE month = ANY($1::date[]) AND month <> ALL(ARRAY(SELECT month FROM stats_regional_stale))
  UNION ALL
  SELECT b.month, f.region_id, f.type, ${columns.replace(/(\w+)/g, 'b.$1')}
    FROM (SELECT month, facility_id, ${columns} FROM ${facilityRollup}
           WHERE month = ANY(ARRAY(SELECT month FROM stats_regional_stale WHERE month = ANY($1::date[])))
          UNION ALL
          SELECT month, facility_id, ${columns} FROM ${deltas} WHERE month = ANY($1::date[])) b
    JOIN facilities f ON f.id = b.facility_id`;

export const REGIONAL_INCIDENT_FIGURES = regional(
  'stats_incidents_regional',
  'stats_incidents_monthly',
  'stats_incident_deltas',
  INCIDENT_COLUMNS,
);
export const REGIONAL_VICTIM_FIGURES = regional(
  'stats_victims_regional',
  'stats_victims_monthly',
  'stats_victim_deltas',
  VICTIM_COLUMNS,
);

/** Reports, events and those with footage per month and facility, over every key: exact. */
export const FACILITY_TOTALS = plusDeltas(
  'stats_facility_totals',
  'stats_incident_deltas',
  'incidents, events, with_footage',
);

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
