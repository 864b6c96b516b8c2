import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Locale } from '../auth/roles';
import { VICTIM_ROLES } from '../classification/rule-set.types';
import { AppError } from '../common/app-error';
import { label } from '../i18n/i18n';
import { PERPETRATOR_TYPES } from '../incidents/incident.dto';
import { Month } from './months';
import { CURRENT_CATEGORIES, INCIDENT_FIGURES, monthRange, VICTIM_FIGURES } from './rollup-queries';

export const GROUPINGS = [
  'region',
  'facility',
  'facilityType',
  'category',
  'victimRole',
  'perpetratorType',
] as const;
export type Grouping = (typeof GROUPINGS)[number];

export const FACILITY_TYPES = [
  'multi_profile_hospital',
  'children_hospital',
  'perinatal_centre',
  'maternity_hospital',
  'polyclinic',
  'ambulance_station',
] as const;

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
const KEY_SQL: Record<Grouping, string> = {
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
 * The ministry's figures, read from the monthly rollups (never from the incidents table). Counts
 * are incidents by the Asia/Almaty calendar month they occurred in, under their current category.
 */
@Injectable()
export class StatisticsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async monthly(
    month: Month,
    groupBy: Grouping,
    regionId: string | null,
    locale: Locale,
  ): Promise<MonthlyFigures> {
    if (regionId) await this.requireRegion(regionId);
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
    const { keys, labels, staff } = await this.dimension(groupBy, regionId, locale, [
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

  /** Monthly counts from `from` to `to`, one series per key (or one `total` series). */
  async trend(
    from: Month,
    to: Month,
    groupBy: Grouping | null,
    regionId: string | null,
    locale: Locale,
  ) {
    const months = monthRange(from, to);
    if (regionId) await this.requireRegion(regionId);
    const params = regionId
      ? [months.map((m) => m.firstDay), regionId]
      : [months.map((m) => m.firstDay)];
    const source = groupBy === 'victimRole' ? VICTIM_FIGURES : INCIDENT_FIGURES;
    const measure = groupBy === 'victimRole' ? 'b.victims' : 'b.incidents';
    const rows = (await this.dataSource.query(
      `SELECT ${groupBy ? KEY_SQL[groupBy] : `'total'`} AS key, left(b.month::text, 7) AS month,
              sum(${measure})::int AS n
         FROM (${source}) b JOIN facilities f ON f.id = b.facility_id
        WHERE true ${regionId ? 'AND f.region_id = $2' : ''}
        GROUP BY 1, b.month`,
      params,
    )) as Array<{ key: string; month: string; n: number }>;
    const byKey = new Map<string, Map<string, number>>();
    for (const r of rows) {
      const series = byKey.get(r.key) ?? new Map<string, number>();
      series.set(r.month, r.n);
      byKey.set(r.key, series);
    }
    const labels = groupBy
      ? (await this.dimension(groupBy, regionId, locale, [...byKey.keys()])).labels
      : new Map([['total', 'total']]);
    const keys = groupBy ? [...byKey.keys()] : ['total'];
    return {
      from: from.toString(),
      to: to.toString(),
      groupBy,
      regionId,
      months: months.map(String),
      series: keys
        .map((key) => ({
          key,
          label: labels.get(key) ?? key,
          values: months.map((m) => byKey.get(key)?.get(m.toString()) ?? 0),
        }))
        .sort((a, b) => sum(b.values) - sum(a.values) || a.label.localeCompare(b.label)),
    };
  }

  private async requireRegion(regionId: string): Promise<void> {
    const found = (await this.dataSource.query(`SELECT 1 FROM regions WHERE id = $1`, [
      regionId,
    ])) as unknown[];
    if (found.length === 0) throw AppError.invalid('regionId', 'is not a region');
  }

  private async staffTotal(regionId: string | null): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT coalesce(sum(staff_count), 0)::int AS staff FROM facilities ${regionId ? 'WHERE region_id = $1' : ''}`,
      regionId ? [regionId] : [],
    )) as Array<{ staff: number }>;
    return row.staff;
  }

  /**
   * The keys a grouping lists (every region, type and code, zeros included; facilities only with
   * figures), their labels in the user's language, and the staff behind each where there is one.
   */
  private async dimension(
    groupBy: Grouping,
    regionId: string | null,
    locale: Locale,
    seen: string[],
  ): Promise<{ keys: string[]; labels: Map<string, string>; staff: Map<string, number> | null }> {
    const fixed = (codes: readonly string[], kind: string) => {
      const keys = [...new Set([...codes, ...seen])];
      return { keys, labels: new Map(keys.map((k) => [k, label(locale, kind, k)])), staff: null };
    };
    const where = regionId ? 'WHERE f.region_id = $1' : '';
    const params = regionId ? [regionId] : [];
    switch (groupBy) {
      case 'region': {
        const rows = (await this.dataSource.query(
          `SELECT r.id AS key, r.name_${locale} AS label, coalesce(sum(f.staff_count), 0)::int AS staff
             FROM regions r LEFT JOIN facilities f ON f.region_id = r.id
            ${regionId ? 'WHERE r.id = $1' : ''}
            GROUP BY r.id`,
          params,
        )) as Array<{ key: string; label: string; staff: number }>;
        return {
          keys: rows.map((r) => r.key),
          labels: new Map(rows.map((r) => [r.key, r.label])),
          staff: new Map(rows.map((r) => [r.key, r.staff])),
        };
      }
      case 'facility': {
        const rows = (await this.dataSource.query(
          `SELECT f.id AS key, f.name AS label, f.staff_count AS staff FROM facilities f WHERE f.id = ANY($1)`,
          [seen],
        )) as Array<{ key: string; label: string; staff: number }>;
        return {
          keys: rows.map((r) => r.key),
          labels: new Map(rows.map((r) => [r.key, r.label])),
          staff: new Map(rows.map((r) => [r.key, r.staff])),
        };
      }
      case 'facilityType': {
        const rows = (await this.dataSource.query(
          `SELECT f.type AS key, sum(f.staff_count)::int AS staff FROM facilities f ${where} GROUP BY 1`,
          params,
        )) as Array<{ key: string; staff: number }>;
        const keys = [...new Set([...FACILITY_TYPES, ...seen])];
        return {
          keys,
          labels: new Map(keys.map((k) => [k, label(locale, 'facilityType', k)])),
          staff: new Map(rows.map((r) => [r.key, r.staff])),
        };
      }
      case 'category': {
        const codes = (await this.dataSource.query(
          `SELECT code FROM (${CURRENT_CATEGORIES}) c ORDER BY severity`,
        )) as Array<{ code: string }>;
        return fixed(
          codes.map((c) => c.code),
          'category',
        );
      }
      case 'victimRole':
        return fixed(VICTIM_ROLES, 'victimRole');
      case 'perpetratorType':
        return fixed(PERPETRATOR_TYPES, 'perpetratorType');
    }
  }
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
