/**
 * How many stored objects one run of the periodic re-check takes, oldest-checked first. Each run
 * takes its share of the store (runs in a period × share ≥ objects, so every object comes round
 * within the period), and every object already overdue, up to `max` so one run stays bounded.
 */
export function recheckBatchSize(p: {
  /** Objects that are re-checked. */
  total: number;
  /** Of those, the ones whose last check is older than the period. */
  overdue: number;
  periodMs: number;
  /** How often the run comes. */
  everyMs: number;
  max: number;
}): number {
  if (p.total <= 0) return 0;
  const runs = Math.max(1, Math.floor(p.periodMs / p.everyMs));
  const share = Math.ceil(p.total / runs);
  return Math.min(p.max, Math.max(share, p.overdue));
}
