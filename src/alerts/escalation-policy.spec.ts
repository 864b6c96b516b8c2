import { nextEscalation, retryDelayMs } from './escalation-policy';

describe('escalation policy', () => {
  it.each([
    [
      'a hospital post goes to the region duty desk',
      { level: 0, alerted: ['post'], regionDutyDesk: 'desk', nationalDesk: 'nat' },
      { postId: 'desk', level: 1 },
    ],
    [
      'the duty desk goes to the national desk',
      { level: 1, alerted: ['post', 'desk'], regionDutyDesk: 'desk', nationalDesk: 'nat' },
      { postId: 'nat', level: 2 },
    ],
    [
      'a facility routed to its desk first goes to the national desk',
      { level: 0, alerted: ['desk'], regionDutyDesk: 'desk', nationalDesk: 'nat' },
      { postId: 'nat', level: 2 },
    ],
    [
      'a region without a desk goes straight to the national desk',
      { level: 0, alerted: ['post'], regionDutyDesk: null, nationalDesk: 'nat' },
      { postId: 'nat', level: 2 },
    ],
    [
      'the national desk is the last step',
      { level: 2, alerted: ['post', 'desk', 'nat'], regionDutyDesk: 'desk', nationalDesk: 'nat' },
      null,
    ],
    [
      'nowhere to go',
      { level: 0, alerted: ['post'], regionDutyDesk: null, nationalDesk: null },
      null,
    ],
  ])('%s', (_name, input, expected) => {
    expect(nextEscalation(input)).toEqual(expected);
  });
});

describe('webhook retry delays', () => {
  it('grows exponentially with jitter and stays within minutes', () => {
    const low = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelayMs(n, undefined, () => 0));
    const high = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelayMs(n, undefined, () => 1));
    expect(low).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    expect(high).toEqual([2000, 4000, 8000, 16000, 32000, 64000, 120000, 120000]);
    expect(high.reduce((a, b) => a + b, 0)).toBeLessThan(10 * 60_000);
  });

  it('honours Retry-After within bounds', () => {
    expect(retryDelayMs(1, 30_000)).toBe(30_000);
    expect(retryDelayMs(1, 3_600_000)).toBe(120_000);
    expect(retryDelayMs(1, 0)).toBe(1000);
  });
});
