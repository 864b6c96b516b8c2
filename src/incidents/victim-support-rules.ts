/**
 * Victim support after an attack: the victim-management list of the ILO/ICN/WHO/PSI Framework
 * Guidelines for Addressing Workplace Violence in the Health Sector (medical care, counselling,
 * legal aid, sick leave, return-to-work follow-up), one item per victim and kind.
 */
export const SUPPORT_KINDS = [
  'medical_care',
  'counselling',
  'legal_aid',
  'sick_leave',
  'return_to_work',
] as const;
export type SupportKind = (typeof SUPPORT_KINDS)[number];

export const SUPPORT_STATES = ['offered', 'accepted', 'declined', 'completed'] as const;
export type SupportState = (typeof SUPPORT_STATES)[number];

/** States after which nothing more is owed to the victim for that item. */
const SETTLED: readonly SupportState[] = ['completed', 'declined'];

export interface SupportFacts {
  victimIndex: number;
  kind: SupportKind;
  state: SupportState;
  dueAt: Date | null;
  note: string | null;
}

/** Overdue: its due date has passed and it is neither completed nor declined. */
export function isOverdue(item: Pick<SupportFacts, 'state' | 'dueAt'>, now: Date): boolean {
  return (
    item.dueAt !== null && item.dueAt.getTime() < now.getTime() && !SETTLED.includes(item.state)
  );
}

/** The position of the first item repeating an earlier one's victim and kind, or -1. */
export function firstRepeat(items: Array<Pick<SupportFacts, 'victimIndex' | 'kind'>>): number {
  const seen = new Set<string>();
  return items.findIndex((item) => {
    const key = `${item.victimIndex}:${item.kind}`;
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  });
}

/** True when a new item says the same as the stored one, so it keeps who changed it last and when. */
export function sameItem(stored: SupportFacts, next: SupportFacts): boolean {
  return (
    stored.victimIndex === next.victimIndex &&
    stored.kind === next.kind &&
    stored.state === next.state &&
    (stored.dueAt?.getTime() ?? null) === (next.dueAt?.getTime() ?? null) &&
    (stored.note ?? null) === (next.note ?? null)
  );
}

/**
 * How a victim's support counts in the ministry's shares: `offered` with at least one item;
 * `completed` when every item is completed or declined and at least one is completed.
 */
export function supportOutcome(states: SupportState[]): 'none' | 'offered' | 'completed' {
  if (states.length === 0) return 'none';
  const settled = states.every((s) => SETTLED.includes(s));
  return settled && states.includes('completed') ? 'completed' : 'offered';
}
