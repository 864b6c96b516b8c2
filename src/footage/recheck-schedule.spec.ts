import { recheckBatchSize } from './recheck-schedule';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('how much one periodic re-check run takes', () => {
  it.each([
    // total, overdue, period, every, max → batch
    [0, 0, 30 * DAY, HOUR, 1000, 0],
    [1, 0, 30 * DAY, HOUR, 1000, 1],
    [720, 0, 30 * DAY, HOUR, 1000, 1],
    [721, 0, 30 * DAY, HOUR, 1000, 2],
    [100_000, 0, 30 * DAY, HOUR, 1000, 139],
    [5, 2, 30 * DAY, HOUR, 1000, 2],
    [100_000, 400, 30 * DAY, HOUR, 1000, 400],
    [100_000, 50_000, 30 * DAY, HOUR, 1000, 1000],
    [10_000_000, 0, 30 * DAY, HOUR, 1000, 1000],
    [10, 0, HOUR, DAY, 1000, 10],
  ])(
    '%i objects, %i overdue, period %i ms, a run every %i ms, at most %i: %i',
    (total, overdue, periodMs, everyMs, max, batch) => {
      expect(recheckBatchSize({ total, overdue, periodMs, everyMs, max })).toBe(batch);
    },
  );

  it('comes round the whole store within the period when no run falls behind', () => {
    const total = 5000;
    const periodMs = 30 * DAY;
    const runs = periodMs / HOUR;
    const batch = recheckBatchSize({ total, overdue: 0, periodMs, everyMs: HOUR, max: 1000 });
    expect(batch * runs).toBeGreaterThanOrEqual(total);
  });
});
