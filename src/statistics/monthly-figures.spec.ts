import {
  Dimension,
  foldMonthly,
  foldPoints,
  foldTrend,
  KeyCount,
  MonthlyCounts,
  ratePer1000,
} from './monthly-figures';

const DAYS: MonthlyCounts['days'] = ['2026-03-01', '2026-02-01', '2025-03-01'];
const [MAR, FEB, LAST_MAR] = DAYS;

const dim = (keys: string[], staff: Record<string, number> | null = null): Dimension => ({
  keys,
  labels: new Map(keys.map((k) => [k, k.toUpperCase()])),
  staff: staff && new Map(Object.entries(staff)),
});

const count = (key: string, day: string, n: number, footage = 0, events = n): KeyCount => ({
  key,
  day,
  n,
  footage,
  events,
});

const counts = (over: Partial<MonthlyCounts>): MonthlyCounts => ({
  month: '2026-03',
  groupBy: 'category',
  regionId: null,
  days: DAYS,
  grouped: [],
  other: [],
  dimension: dim([]),
  totalStaff: 0,
  ...over,
});

describe('rate per 1,000 staff', () => {
  it.each<[number, number | undefined, number | null]>([
    [3, 1000, 3],
    [1, 3000, 0.33],
    [2, 3000, 0.67],
    [0, 500, 0],
    [5, 0, null],
    [5, undefined, null],
  ])('%i incidents over %p staff → %p', (n, staff, rate) => {
    expect(ratePer1000(n, staff)).toBe(rate);
  });
});

describe('the fold of a month’s counts into figures', () => {
  it('adds the rows up to the totals of each month, footage share of the current one', () => {
    const figures = foldMonthly(
      counts({
        grouped: [
          count('assault', MAR, 3, 1),
          count('threat', MAR, 1, 1),
          count('assault', FEB, 2),
          count('threat', LAST_MAR, 4),
        ],
        other: [{ day: MAR, n: 7, footage: 0, events: 0 }],
        dimension: dim(['threat', 'assault']),
        totalStaff: 2000,
      }),
    );
    expect(figures).toEqual({
      month: '2026-03',
      groupBy: 'category',
      regionId: null,
      total: 4,
      previousMonth: 2,
      sameMonthLastYear: 4,
      events: 4,
      victims: 7,
      withFootage: 2,
      footageShare: 0.5,
      ratePer1000Staff: 2,
      rows: [
        {
          key: 'assault',
          label: 'ASSAULT',
          count: 3,
          events: 3,
          previousMonth: 2,
          sameMonthLastYear: 0,
          ratePer1000Staff: null,
        },
        {
          key: 'threat',
          label: 'THREAT',
          count: 1,
          events: 1,
          previousMonth: 0,
          sameMonthLastYear: 4,
          ratePer1000Staff: null,
        },
      ],
    });
  });

  it('counts victims in the rows by victim role, and takes incidents from the other measure', () => {
    const figures = foldMonthly(
      counts({
        groupBy: 'victimRole',
        grouped: [
          count('nurse', MAR, 2, 0, 0),
          count('doctor', MAR, 1, 0, 0),
          count('nurse', FEB, 1, 0, 0),
        ],
        other: [
          { day: MAR, n: 2, footage: 1, events: 1 },
          { day: FEB, n: 1, footage: 0, events: 1 },
        ],
        dimension: dim(['doctor', 'nurse', 'orderly']),
      }),
    );
    expect(figures).toMatchObject({
      total: 2,
      previousMonth: 1,
      sameMonthLastYear: 0,
      events: 1,
      victims: 3,
      withFootage: 1,
      footageShare: 0.5,
      ratePer1000Staff: null,
    });
    expect(figures.rows.map((r) => [r.key, r.count, r.events])).toEqual([
      ['nurse', 2, null],
      ['doctor', 1, null],
      ['orderly', 0, null],
    ]);
  });

  it.each<[string, KeyCount[], number, Record<string, number>]>([
    ['every report its own event', [count('assault', MAR, 3)], 3, { assault: 3, threat: 0 }],
    [
      'later reports of an event add reports but no event',
      [count('assault', MAR, 3, 0, 1), count('threat', MAR, 1, 0, 0)],
      1,
      { assault: 1, threat: 0 },
    ],
    [
      'events of earlier months stay out of the month',
      [count('assault', MAR, 2, 0, 1), count('assault', FEB, 4, 0, 4)],
      1,
      { assault: 1, threat: 0 },
    ],
  ])('counts events: %s', (_case, grouped, events, rows) => {
    const figures = foldMonthly(counts({ grouped, dimension: dim(['assault', 'threat']) }));
    expect(figures.events).toBe(events);
    expect(Object.fromEntries(figures.rows.map((r) => [r.key, r.events]))).toEqual(rows);
  });

  it.each<[string, MonthlyCounts['groupBy'], string[]]>([
    ['lists every key of a fixed grouping, zeros included', 'category', ['b', 'a', 'c']],
    ['lists only facilities with figures in one of the three months', 'facility', ['b', 'a']],
  ])('%s', (_case, groupBy, listed) => {
    const figures = foldMonthly(
      counts({
        groupBy,
        grouped: [count('b', MAR, 2), count('a', LAST_MAR, 1)],
        dimension: dim(['a', 'b', 'c']),
      }),
    );
    expect(figures.rows.map((r) => r.key)).toEqual(listed);
  });

  it('orders rows by count, then by label', () => {
    const figures = foldMonthly(
      counts({
        grouped: [count('z', MAR, 1), count('m', MAR, 1), count('a', MAR, 0), count('q', MAR, 5)],
        dimension: dim(['z', 'm', 'a', 'q']),
      }),
    );
    expect(figures.rows.map((r) => r.key)).toEqual(['q', 'm', 'z', 'a']);
  });

  it('gives each row its rate where the grouping has staff behind its keys', () => {
    const figures = foldMonthly(
      counts({
        groupBy: 'region',
        grouped: [count('almaty', MAR, 6), count('karaganda', MAR, 1)],
        dimension: dim(['almaty', 'karaganda', 'abai'], { almaty: 3000, karaganda: 1000, abai: 0 }),
        totalStaff: 4000,
      }),
    );
    expect(figures.ratePer1000Staff).toBe(1.75);
    expect(figures.rows.map((r) => [r.key, r.ratePer1000Staff])).toEqual([
      ['almaty', 2],
      ['karaganda', 1],
      ['abai', null],
    ]);
  });

  it('answers an empty month with zeros and no share', () => {
    expect(foldMonthly(counts({ dimension: dim(['threat']) }))).toMatchObject({
      total: 0,
      previousMonth: 0,
      sameMonthLastYear: 0,
      events: 0,
      victims: 0,
      withFootage: 0,
      footageShare: null,
      ratePer1000Staff: null,
      rows: [{ key: 'threat', count: 0, events: 0 }],
    });
  });
});

describe('the fold of counts into monthly series', () => {
  const MONTHS = ['2026-01', '2026-02', '2026-03'];
  it.each<[string, Array<{ key: string; month: string; n: number }>, string[], unknown[]]>([
    [
      'one value per month, zeros where a month has none',
      [{ key: 'total', month: '2026-02', n: 4 }],
      ['total'],
      [{ key: 'total', label: 'TOTAL', values: [0, 4, 0] }],
    ],
    [
      'the largest sum first, then by label',
      [
        { key: 'b', month: '2026-01', n: 1 },
        { key: 'a', month: '2026-03', n: 1 },
        { key: 'c', month: '2026-01', n: 3 },
      ],
      ['b', 'a', 'c'],
      [
        { key: 'c', label: 'C', values: [3, 0, 0] },
        { key: 'a', label: 'A', values: [0, 0, 1] },
        { key: 'b', label: 'B', values: [1, 0, 0] },
      ],
    ],
    ['no counts, no series', [], [], []],
  ])('%s', (_case, rows, keys, series) => {
    const labels = new Map(['a', 'b', 'c', 'total'].map((k) => [k, k.toUpperCase()]));
    expect(foldTrend(MONTHS, rows, keys, labels)).toEqual(series);
  });
});

describe('the trend’s points', () => {
  it.each<[string, Parameters<typeof foldPoints>[1], Parameters<typeof foldPoints>[2], unknown[]]>([
    [
      'one point per month, zeros where a month has none',
      [{ month: '2026-02', n: 3, events: 2 }],
      [{ month: '2026-03', n: 1 }],
      [
        { month: '2026-01', total: 0, events: 0, victims: 0 },
        { month: '2026-02', total: 3, events: 2, victims: 0 },
        { month: '2026-03', total: 0, events: 0, victims: 1 },
      ],
    ],
    [
      'no counts, zeros',
      [],
      [],
      ['2026-01', '2026-02', '2026-03'].map((month) => ({
        month,
        total: 0,
        events: 0,
        victims: 0,
      })),
    ],
  ])('%s', (_case, reports, victims, points) => {
    expect(foldPoints(['2026-01', '2026-02', '2026-03'], reports, victims)).toEqual(points);
  });
});
