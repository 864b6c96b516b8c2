import {
  firstRepeat,
  isOverdue,
  sameItem,
  SupportFacts,
  supportOutcome,
  SupportState,
} from './victim-support-rules';

const NOW = new Date('2026-03-31T23:30:00+05:00');
const at = (iso: string | null) => (iso ? new Date(iso) : null);

describe('victim support rules', () => {
  it.each<[SupportState, string | null, boolean]>([
    ['offered', '2026-03-31T23:29:59+05:00', true],
    ['accepted', '2026-03-01T00:00:00+05:00', true],
    ['offered', '2026-03-31T23:30:00+05:00', false],
    ['offered', '2026-04-01T00:00:00+05:00', false],
    ['completed', '2026-03-01T00:00:00+05:00', false],
    ['declined', '2026-03-01T00:00:00+05:00', false],
    ['offered', null, false],
  ])('%s due %s is overdue: %s', (state, dueAt, overdue) => {
    expect(isOverdue({ state, dueAt: at(dueAt) }, NOW)).toBe(overdue);
  });

  it.each<[Array<[number, string]>, number]>([
    [[], -1],
    [[[0, 'medical_care']], -1],
    [
      [
        [0, 'medical_care'],
        [1, 'medical_care'],
        [0, 'legal_aid'],
      ],
      -1,
    ],
    [
      [
        [0, 'medical_care'],
        [1, 'legal_aid'],
        [0, 'medical_care'],
      ],
      2,
    ],
  ])('items %j first repeat at %s', (pairs, expected) => {
    const items = pairs.map(([victimIndex, kind]) => ({
      victimIndex,
      kind: kind as SupportFacts['kind'],
    }));
    expect(firstRepeat(items)).toBe(expected);
  });

  const item = (over: Partial<SupportFacts> = {}): SupportFacts => ({
    victimIndex: 0,
    kind: 'counselling',
    state: 'offered',
    dueAt: at('2026-04-02T10:00:00+05:00'),
    note: 'First session booked',
    ...over,
  });
  it.each<[Partial<SupportFacts>, boolean]>([
    [{}, true],
    [{ dueAt: at('2026-04-02T05:00:00Z') }, true],
    [{ state: 'accepted' }, false],
    [{ dueAt: null }, false],
    [{ note: null }, false],
    [{ note: 'First session booked.' }, false],
    [{ victimIndex: 1 }, false],
  ])('an item changed by %j is the same: %s', (change, same) => {
    expect(sameItem(item(), item(change))).toBe(same);
  });

  it.each<[SupportState[], string]>([
    [[], 'none'],
    [['offered'], 'offered'],
    [['completed', 'offered'], 'offered'],
    [['declined'], 'offered'],
    [['declined', 'declined'], 'offered'],
    [['completed'], 'completed'],
    [['completed', 'declined'], 'completed'],
    [['accepted', 'completed'], 'offered'],
  ])('a victim whose items are %j counts as %s', (states, outcome) => {
    expect(supportOutcome(states)).toBe(outcome);
  });
});
