import { escalationTarget, LadderInput, retryDelayMs } from './escalation-policy';

const ladder = (over: Partial<LadderInput>): LadderInput => ({
  postId: 'post',
  level: 0,
  alerted: [{ postId: 'post', alertId: 'a-post' }],
  regionDutyDesk: 'desk',
  nationalDesk: 'nat',
  ...over,
});

describe('escalation ladder', () => {
  it.each<[string, LadderInput, ReturnType<typeof escalationTarget>]>([
    [
      'one post: its alert goes to the region duty desk',
      ladder({}),
      { postId: 'desk', level: 1, existingAlertId: null },
    ],
    [
      'two posts, the first to escalate: the desk gets a new alert',
      ladder({
        postId: 'p1',
        alerted: [
          { postId: 'p1', alertId: 'a1' },
          { postId: 'p2', alertId: 'a2' },
        ],
      }),
      { postId: 'desk', level: 1, existingAlertId: null },
    ],
    [
      'two posts, the second to escalate: joins the desk alert instead of skipping to the national desk',
      ladder({
        postId: 'p2',
        alerted: [
          { postId: 'p1', alertId: 'a1' },
          { postId: 'p2', alertId: 'a2' },
          { postId: 'desk', alertId: 'a-desk' },
        ],
      }),
      { postId: 'desk', level: 1, existingAlertId: 'a-desk' },
    ],
    [
      "a duty desk's own alert (a facility without a post) goes to the national desk",
      ladder({ postId: 'desk', alerted: [{ postId: 'desk', alertId: 'a-desk' }] }),
      { postId: 'nat', level: 2, existingAlertId: null },
    ],
    [
      'the duty desk, escalated to, goes to the national desk',
      ladder({
        postId: 'desk',
        level: 1,
        alerted: [
          { postId: 'post', alertId: 'a-post' },
          { postId: 'desk', alertId: 'a-desk' },
        ],
      }),
      { postId: 'nat', level: 2, existingAlertId: null },
    ],
    [
      'a region without a desk goes straight to the national desk',
      ladder({ regionDutyDesk: null }),
      { postId: 'nat', level: 2, existingAlertId: null },
    ],
    [
      "the national desk's own alert has nowhere to go",
      ladder({ postId: 'nat', regionDutyDesk: null, alerted: [{ postId: 'nat', alertId: 'n' }] }),
      null,
    ],
    ['the national desk is the last step', ladder({ postId: 'nat', level: 2 }), null],
    ['nowhere to go at all', ladder({ regionDutyDesk: null, nationalDesk: null }), null],
  ])('%s', (_name, input, expected) => {
    expect(escalationTarget(input)).toEqual(expected);
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
