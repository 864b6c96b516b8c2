import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Locale } from '../auth/roles';
import { StatisticsDimensions } from './dimensions.service';
import { Month } from './months';
import { INCIDENT_FIGURES, VICTIM_FIGURES } from './rollup-queries';

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
  previousMonth: number;
  sameMonthLastYear: number;
  ratePer1000Staff: number | null;
}

export interface MonthlyFigures {
  month: string;
  groupBy: Grouping;
  regionId: string | null;
  /** Incidents in the month. */
  total: number;
  previousMonth: number;
  sameMonthLastYear: number;
  /** Victims in the month, counted separately from incidents. */
  victims: number;
  withFootage: number;
  /** Share of the month's incidents with footage linked, 0–1. */
  footageShare: number | null;
  ratePer1000Staff: number | null;
  /** For victimRole the rows count victims; for every other grouping, incidents. */
  rows: MonthlyRow[];
}

/** The SQL key of each grouping over rollup rows `b` joined to facilities `f`. */
export const KEY_SQL: Record<Grouping, string> = {
  region: 'f.region_id::text',
  facility: 'f.id::text',
  facilityType: 'f.type',
  category: 'b.category',
  victimRole: 'b.victim_role',
  perpetratorType: 'b.perpetrator_type',
};

const rate = (count: number, staff: number | undefined) =>
  staff ? Math.round((count * 1000 * 100) / staff) / 100 : null;

/**
 * The ministry's figures for a month, read from the monthly rollups (never from the incidents
 * table). Counts are incidents by the Asia/Almaty calendar month they occurred in, under their
 * current category.
 */
@Injectable()
export class StatisticsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dimensions: StatisticsDimensions,
  ) {}

  async monthly(
    month: Month,
    groupBy: Grouping,
    regionId: string | null,
    locale: Locale,
  ): Promise<MonthlyFigures> {
    if (regionId) await this.dimensions.requireRegion(regionId);
    const months = [month, month.plus(-1), month.plus(-12)];
    const days = months.map((m) => m.firstDay);
    const region = regionId ? 'AND f.region_id = $2' : '';
    const params = regionId ? [days, regionId] : [days];
    const byVictims = groupBy === 'victimRole';
    // Every incident (or victim) falls under exactly one key, so the rows add up to the totals;
    // the other measure (victims, or incidents when rows count victims) comes alongside.
    const [grouped, other, totalStaff] = await Promise.all([
      this.dataSource.query(
        `SELECT ${KEY_SQL[groupBy]} AS key, b.month::text AS day,
                sum(${byVictims ? 'b.victims' : 'b.incidents'})::int AS n,
                ${byVictims ? '0' : 'sum(b.with_footage)::int'} AS footage
           FROM (${byVictims ? VICTIM_FIGURES : INCIDENT_FIGURES}) b JOIN facilities f ON f.id = b.facility_id
          WHERE true ${region}
          GROUP BY 1, b.month`,
        params,
      ) as Promise<Array<{ key: string; day: string; n: number; footage: number }>>,
      this.dataSource.query(
        byVictims
          ? `SELECT b.month::text AS day, sum(b.incidents)::int AS n, sum(b.with_footage)::int AS footage
               FROM (${INCIDENT_FIGURES}) b JOIN facilities f ON f.id = b.facility_id
              WHERE true ${region}
              GROUP BY 1`
          : `SELECT b.month::text AS day, sum(b.victims)::int AS n, 0 AS footage
               FROM (${VICTIM_FIGURES}) b JOIN facilities f ON f.id = b.facility_id
              WHERE b.month = ($1::date[])[1] ${region}
              GROUP BY 1`,
        params,
      ) as Promise<Array<{ day: string; n: number; footage: number }>>,
      this.staffTotal(regionId),
    ]);
    const [current, previous, lastYear] = days;
    const counts = new Map<string, Record<string, number>>();
    const sums: Record<string, { n: number; footage: number }> = {};
    for (const r of grouped) {
      const entry = counts.get(r.key) ?? {};
      entry[r.day] = r.n;
      counts.set(r.key, entry);
      sums[r.day] = {
        n: (sums[r.day]?.n ?? 0) + r.n,
        footage: (sums[r.day]?.footage ?? 0) + r.footage,
      };
    }
    const totals = byVictims ? other : Object.entries(sums).map(([day, v]) => ({ day, ...v }));
    const victimTotal = byVictims ? sums[current]?.n : other.find((r) => r.day === current)?.n;
    const { keys, labels, staff } = await this.dimensions.of(groupBy, regionId, locale, [
      ...counts.keys(),
    ]);
    const rows = keys
      .map((key): MonthlyRow => {
        const c = counts.get(key) ?? {};
        return {
          key,
          label: labels.get(key) ?? key,
          count: c[current] ?? 0,
          previousMonth: c[previous] ?? 0,
          sameMonthLastYear: c[lastYear] ?? 0,
          ratePer1000Staff: staff ? rate(c[current] ?? 0, staff.get(key)) : null,
        };
      })
      .filter((r) => groupBy !== 'facility' || r.count || r.previousMonth || r.sameMonthLastYear)
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
    const total = (day: string) => totals.find((t) => t.day === day);
    const n = total(current)?.n ?? 0;
    const footage = total(current)?.footage ?? 0;
    return {
      month: month.toString(),
      groupBy,
      regionId,
      total: n,
      previousMonth: total(previous)?.n ?? 0,
      sameMonthLastYear: total(lastYear)?.n ?? 0,
      victims: victimTotal ?? 0,
      withFootage: footage,
      footageShare: n ? Math.round((footage / n) * 10000) / 10000 : null,
      ratePer1000Staff: rate(n, totalStaff),
      rows,
    };
  }

  private async staffTotal(regionId: string | null): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT coalesce(sum(staff_count), 0)::int AS staff FROM facilities ${regionId ? 'WHERE region_id = $1' : ''}`,
      regionId ? [regionId] : [],
    )) as Array<{ staff: number }>;
    return row.staff;
  }
}
