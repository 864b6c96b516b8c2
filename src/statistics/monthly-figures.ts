/*
 * The fold of counted rollup rows into the ministry's figures: pure, so each rule (what the rows
 * count, which rows are listed, the order, the rates) has its table in monthly-figures.spec.ts.
 */

import type { SupportShares } from './support-shares';

export const GROUPINGS = [
  'region',
  'facility',
  'facilityType',
  'category',
  'victimRole',
  'perpetratorType',
] as const;
export type Grouping = (typeof GROUPINGS)[number];

export interface MonthlyRow {
  key: string;
  label: string;
  count: number;
  /** Events under the key (the key of each event's earliest report); null for victimRole. */
  events: number | null;
  previousMonth: number;
  sameMonthLastYear: number;
  ratePer1000Staff: number | null;
}

export interface MonthlyFigures {
  month: string;
  groupBy: Grouping;
  regionId: string | null;
  /** Reports (incidents) in the month. */
  total: number;
  previousMonth: number;
  sameMonthLastYear: number;
  /** Events whose earliest report is in the month: reports of one attack count once. */
  events: number;
  /** Distinct persons harmed: a person named in several reports of one event counts once. */
  victims: number;
  withFootage: number;
  /** Share of the month's incidents with footage linked, 0–1. */
  footageShare: number | null;
  ratePer1000Staff: number | null;
  /** For victimRole the rows count victims; for every other grouping, incidents. */
  rows: MonthlyRow[];
  /** The month's victims offered support and with support completed (support-shares.ts). */
  support?: SupportShares;
}

/**
 * Counts of one key in one month (`day` is the month's first day), as the rollups give them:
 * reports, those with footage and events, or victims (footage and events 0).
 */
export interface KeyCount {
  key: string;
  day: string;
  n: number;
  footage: number;
  events: number;
}

/** Counts of the other measure per month: victims alongside incident rows, or the reverse. */
export interface DayCount {
  day: string;
  n: number;
  footage: number;
  events: number;
}

/** What a grouping lists: keys, their labels, the staff behind each (null: no rate). */
export interface Dimension {
  keys: string[];
  labels: Map<string, string>;
  staff: Map<string, number> | null;
}

export interface MonthlyCounts {
  month: string;
  groupBy: Grouping;
  regionId: string | null;
  /** The first days of the month, the month before and the same month a year before. */
  days: [current: string, previous: string, lastYear: string];
  grouped: KeyCount[];
  other: DayCount[];
  dimension: Dimension;
  totalStaff: number;
}

/** Incidents per 1,000 staff, two decimals; none without staff. */
export const ratePer1000 = (count: number, staff: number | undefined): number | null =>
  staff ? Math.round((count * 1000 * 100) / staff) / 100 : null;

/**
 * The month's figures from its counts. Every incident, event (under its earliest report) or
 * victim falls under exactly one key, so the rows add up to the totals; for victimRole the rows count victims and the incident totals
 * come from the other measure. Facilities are listed only with figures in one of the three
 * months; every other grouping lists all its keys, zeros included. Largest count first, then by
 * label.
 */
export function foldMonthly(c: MonthlyCounts): MonthlyFigures {
  const [current, previous, lastYear] = c.days;
  const byVictims = c.groupBy === 'victimRole';
  const counts = new Map<string, Record<string, number>>();
  const events = new Map<string, number>();
  const sums: Record<string, { n: number; footage: number; events: number }> = {};
  for (const r of c.grouped) {
    const entry = counts.get(r.key) ?? {};
    entry[r.day] = r.n;
    counts.set(r.key, entry);
    if (r.day === current) events.set(r.key, r.events);
    sums[r.day] = {
      n: (sums[r.day]?.n ?? 0) + r.n,
      footage: (sums[r.day]?.footage ?? 0) + r.footage,
      events: (sums[r.day]?.events ?? 0) + r.events,
    };
  }
  const totals = byVictims ? c.other : Object.entries(sums).map(([day, v]) => ({ day, ...v }));
  const victims = byVictims ? sums[current]?.n : c.other.find((r) => r.day === current)?.n;
  const { keys, labels, staff } = c.dimension;
  const rows = keys
    .map((key): MonthlyRow => {
      const k = counts.get(key) ?? {};
      return {
        key,
        label: labels.get(key) ?? key,
        count: k[current] ?? 0,
        events: byVictims ? null : (events.get(key) ?? 0),
        previousMonth: k[previous] ?? 0,
        sameMonthLastYear: k[lastYear] ?? 0,
        ratePer1000Staff: staff ? ratePer1000(k[current] ?? 0, staff.get(key)) : null,
      };
    })
    .filter((r) => c.groupBy !== 'facility' || r.count || r.previousMonth || r.sameMonthLastYear)
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  const total = (day: string) => totals.find((t) => t.day === day);
  const n = total(current)?.n ?? 0;
  const footage = total(current)?.footage ?? 0;
  return {
    month: c.month,
    groupBy: c.groupBy,
    regionId: c.regionId,
    total: n,
    previousMonth: total(previous)?.n ?? 0,
    sameMonthLastYear: total(lastYear)?.n ?? 0,
    events: total(current)?.events ?? 0,
    victims: victims ?? 0,
    withFootage: footage,
    footageShare: n ? Math.round((footage / n) * 10000) / 10000 : null,
    ratePer1000Staff: ratePer1000(n, c.totalStaff),
    rows,
  };
}

export interface TrendSeries {
  key: string;
  label: string;
  values: number[];
}

/**
 * Monthly series from counts per key and month (`YYYY-MM`): one value per month, zeros where a
 * month has none; the series with the largest sum first, then by label.
 */
export function foldTrend(
  months: string[],
  counts: Array<{ key: string; month: string; n: number }>,
  keys: string[],
  labels: Map<string, string>,
): TrendSeries[] {
  const byKey = new Map<string, Map<string, number>>();
  for (const r of counts) {
    const series = byKey.get(r.key) ?? new Map<string, number>();
    series.set(r.month, r.n);
    byKey.set(r.key, series);
  }
  return keys
    .map((key) => ({
      key,
      label: labels.get(key) ?? key,
      values: months.map((m) => byKey.get(key)?.get(m) ?? 0),
    }))
    .sort((a, b) => sum(b.values) - sum(a.values) || a.label.localeCompare(b.label));
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** One month of the trend: reports, events and distinct victims over every key. */
export interface TrendPoint {
  month: string;
  total: number;
  events: number;
  victims: number;
}

/** The trend's points from report and victim counts per month (`YYYY-MM`), zeros where none. */
export function foldPoints(
  months: string[],
  reports: Array<{ month: string; n: number; events: number }>,
  victims: Array<{ month: string; n: number }>,
): TrendPoint[] {
  return months.map((month) => {
    const r = reports.find((x) => x.month === month);
    return {
      month,
      total: r?.n ?? 0,
      events: r?.events ?? 0,
      victims: victims.find((x) => x.month === month)?.n ?? 0,
    };
  });
}
