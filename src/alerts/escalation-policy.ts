export const MAX_ESCALATION_LEVEL = 2;

export interface EscalationInput {
  /** The level of the alert that went unacknowledged. */
  level: number;
  /** Posts that already hold an alert for this incident. */
  alerted: string[];
  regionDutyDesk: string | null;
  nationalDesk: string | null;
}

/**
 * Who hears next when nobody acknowledged in time: the region's duty desk, then the national
 * desk. A desk that already holds an alert for the incident is passed over; past the national
 * desk there is no one further (null).
 */
export function nextEscalation(input: EscalationInput): { postId: string; level: number } | null {
  const ladder = [input.regionDutyDesk, input.nationalDesk];
  for (let level = input.level + 1; level <= MAX_ESCALATION_LEVEL; level++) {
    const postId = ladder[level - 1];
    if (postId && !input.alerted.includes(postId)) return { postId, level };
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
