import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Locale } from '../auth/roles';
import { VICTIM_ROLES } from '../classification/rule-set.types';
import { AppError } from '../common/app-error';
import { label } from '../i18n/i18n';
import { PERPETRATOR_TYPES } from '../incidents/incident.dto';
import { Month } from './months';

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

/** The rollup rows for some months, plus the deltas not yet folded in: exact at every moment. */
const INCIDENT_FIGURES = `
  SELECT month, facility_id, category, perpetrator_type, incidents, with_footage
    FROM stats_incidents_monthly WHERE month = ANY($1::date[])
  UNION ALL
  SELECT month, facility_id, category, perpetrator_type, incidents, with_footage
    FROM stats_incident_deltas WHERE month = ANY($1::date[])`;
const VICTIM_FIGURES = `
  SELECT month, facility_id, category, victim_role, victims
    FROM stats_victims_monthly WHERE month = ANY($1::date[])
  UNION ALL
  SELECT month, facility_id, category, victim_role, victims
    FROM stats_victim_deltas WHERE month = ANY($1::date[])`;

/** The categories of the rule set in force now, with their severity. */
const CURRENT_CATEGORIES = `
  SELECT c->>'code' AS code, (c->>'severity')::int AS severity
    FROM classification_rule_sets s, jsonb_array_elements(s.definition->'categories') c
   WHERE s.id = (SELECT id FROM classification_rule_sets WHERE effective_from <= now()
                  ORDER BY effective_from DESC, version DESC LIMIT 1)`;

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

  /** Time from an incident being filed to its first acknowledgement by police, by region. */
  async responseTimes(month: Month, locale: Locale) {
    const [figures, regions] = await Promise.all([
      this.dataSource.query(
        `SELECT f.region_id AS key, count(*)::int AS acknowledged,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY a.seconds) AS median,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY a.seconds) AS p90
           FROM stats_acknowledgements a JOIN facilities f ON f.id = a.facility_id
          WHERE a.month = $1
          GROUP BY GROUPING SETS ((f.region_id), ())`,
        [month.firstDay],
      ) as Promise<
        Array<{
          key: string | null;
          acknowledged: number;
          median: number | null;
          p90: number | null;
        }>
      >,
      this.dataSource.query(
        `SELECT id, name_${locale} AS label FROM regions ORDER BY 2`,
      ) as Promise<Array<{ id: string; label: string }>>,
    ]);
    const none = { acknowledged: 0, median: null, p90: null };
    const overall = figures.find((f) => f.key === null) ?? none;
    const rows = regions.map((r) => ({
      key: r.id,
      label: r.label,
      ...(figures.find((f) => f.key === r.id) ?? none),
    }));
    const round = (s: number | null) => (s === null ? null : Math.round(s * 10) / 10);
    return {
      month: month.toString(),
      overall: {
        acknowledged: overall.acknowledged,
        medianSeconds: round(overall.median),
        p90Seconds: round(overall.p90),
      },
      rows: rows.map((r) => ({
        key: r.key,
        label: r.label,
        acknowledged: r.acknowledged,
        medianSeconds: round(r.median),
        p90Seconds: round(r.p90),
      })),
    };
  }

  /**
   * Facilities by region and type, with and without a police post covering them, and their
   * incidents over the months given; the facilities without a post are listed by name.
   */
  async coverage(from: Month, to: Month, locale: Locale) {
    const days = monthRange(from, to).map((m) => m.firstDay);
    const facilities = (await this.dataSource.query(
      `WITH counts AS (
         SELECT b.facility_id, sum(b.incidents)::int AS n FROM (${INCIDENT_FIGURES}) b GROUP BY 1
       )
       SELECT f.id, f.name, f.type, r.id AS region_id, r.code AS region_code, r.name_${locale} AS region_label,
              EXISTS (SELECT 1 FROM police_post_facilities p WHERE p.facility_id = f.id) AS covered,
              coalesce(c.n, 0) AS incidents
         FROM facilities f
         JOIN regions r ON r.id = f.region_id
         LEFT JOIN counts c ON c.facility_id = f.id`,
      [days],
    )) as Array<{
      id: string;
      name: string;
      type: string;
      region_id: string;
      region_code: string;
      region_label: string;
      covered: boolean;
      incidents: number;
    }>;
    const groups = new Map<
      string,
      {
        regionId: string;
        regionLabel: string;
        facilityType: string;
        typeLabel: string;
        facilities: number;
        covered: number;
        uncovered: number;
        incidents: number;
        incidentsAtUncovered: number;
      }
    >();
    for (const f of facilities) {
      const id = `${f.region_id}/${f.type}`;
      const g = groups.get(id) ?? {
        regionId: f.region_id,
        regionLabel: f.region_label,
        facilityType: f.type,
        typeLabel: label(locale, 'facilityType', f.type),
        facilities: 0,
        covered: 0,
        uncovered: 0,
        incidents: 0,
        incidentsAtUncovered: 0,
      };
      g.facilities++;
      g.incidents += f.incidents;
      if (f.covered) g.covered++;
      else {
        g.uncovered++;
        g.incidentsAtUncovered += f.incidents;
      }
      groups.set(id, g);
    }
    return {
      from: from.toString(),
      to: to.toString(),
      rows: [...groups.values()].sort(
        (a, b) =>
          a.regionLabel.localeCompare(b.regionLabel) || a.typeLabel.localeCompare(b.typeLabel),
      ),
      uncoveredFacilities: facilities
        .filter((f) => !f.covered)
        .sort((a, b) => b.incidents - a.incidents || a.name.localeCompare(b.name))
        .map((f) => ({
          id: f.id,
          name: f.name,
          regionId: f.region_id,
          facilityType: f.type,
          incidents: f.incidents,
        })),
    };
  }

  /** Region × category counts for open publication, every region and category, zeros included. */
  async openData(month: Month) {
    return (await this.dataSource.query(
      `WITH counts AS (
         SELECT f.region_id, b.category, sum(b.incidents)::int AS n
           FROM (${INCIDENT_FIGURES}) b JOIN facilities f ON f.id = b.facility_id
          GROUP BY 1, 2
       ),
       categories AS (${CURRENT_CATEGORIES} UNION SELECT category, NULL FROM counts)
       SELECT r.code AS region_code, r.name_en, r.name_ru, r.name_kk, c.code AS category,
              coalesce(n.n, 0) AS count
         FROM regions r
        CROSS JOIN (SELECT code, max(severity) AS severity FROM categories GROUP BY code) c
         LEFT JOIN counts n ON n.region_id = r.id AND n.category = c.code
        ORDER BY r.code, c.severity NULLS LAST, c.code`,
      [[month.firstDay]],
    )) as Array<{
      region_code: string;
      name_en: string;
      name_ru: string;
      name_kk: string;
      category: string;
      count: number;
    }>;
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

/** The months from `from` to `to`, both included; at most ten years, `to` not before `from`. */
function monthRange(from: Month, to: Month): Month[] {
  const span = from.until(to);
  if (span < 0) throw AppError.invalid('to', 'must not be before from');
  if (span >= 120) throw AppError.invalid('from', 'the range may span at most 120 months');
  return Array.from({ length: span + 1 }, (_, i) => from.plus(i));
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
