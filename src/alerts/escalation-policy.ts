export const MAX_ESCALATION_LEVEL = 2;

export interface LadderInput {
  /** The post of the alert that went unacknowledged, and its level. */
  postId: string;
  level: number;
  /** Every alert the incident already has, whatever its state. */
  alerted: Array<{ postId: string; alertId: string }>;
  regionDutyDesk: string | null;
  nationalDesk: string | null;
}

/**
 * The escalation ladder: level 1 is the region's duty desk, level 2 the national desk. An alert
 * goes to the first rung above its own level that is not its own post (a desk's own alert skips
 * itself; a region without a desk goes to the national desk). When that rung already holds an
 * alert of the incident — the second of two posts covering a facility, escalating after the first
 * — the escalation joins that alert instead of skipping a level. Past the national desk there is
 * no one further (null).
 */
export function escalationTarget(
  input: LadderInput,
): { postId: string; level: number; existingAlertId: string | null } | null {
  const rungs = [input.regionDutyDesk, input.nationalDesk];
  for (let level = input.level + 1; level <= MAX_ESCALATION_LEVEL; level++) {
    const postId = rungs[level - 1];
    if (!postId || postId === input.postId) continue;
    const existing = input.alerted.find((a) => a.postId === postId);
    return { postId, level, existingAlertId: existing?.alertId ?? null };
  }
  return null;
}

/**
 * Delay before the next webhook attempt: exponential from 2 s, capped at 2 minutes, with full
 * jitter so that a recovering receiver is not hit by every retry at once; a receiver's
 * `Retry-After` is honoured up to the cap.
 */
export function retryDelayMs(
  attemptsMade: number,
  retryAfterMs: number | undefined,
  random = Math.random,
): number {
  const cap = 120_000;
  if (retryAfterMs !== undefined) return Math.min(Math.max(retryAfterMs, 1000), cap);
  const ceiling = Math.min(cap, 2000 * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
