import { Injectable } from '@nestjs/common';
import { ReplicaReads } from './replica-reads';
import { Locale } from '../auth/roles';
import { VICTIM_ROLES } from '../classification/rule-set.types';
import { AppError } from '../common/app-error';
import { label } from '../i18n/i18n';
import { PERPETRATOR_TYPES } from '../incidents/incident.dto';
import { CURRENT_CATEGORIES } from './rollup-queries';
import type { Dimension, Grouping } from './monthly-figures';

export const FACILITY_TYPES = [
  'multi_profile_hospital',
  'children_hospital',
  'perinatal_centre',
  'maternity_hospital',
  'polyclinic',
  'ambulance_station',
] as const;

interface NamedRow {
  key: string;
  label: string;
  staff: number;
}

/** The dimension of rows that carry their own label and staff, in the rows' order. */
const named = (rows: NamedRow[]): Dimension => ({
  keys: rows.map((r) => r.key),
  labels: new Map(rows.map((r) => [r.key, r.label])),
  staff: new Map(rows.map((r) => [r.key, r.staff])),
});

/** The regions, facilities and codes the statistics are grouped by, read for each request. */
@Injectable()
export class StatisticsDimensions {
  constructor(private readonly reads: ReplicaReads) {}

  /** A regionId filter must name a region: 400 naming regionId otherwise. */
  async requireRegion(regionId: string): Promise<void> {
    const found = (await this.reads.query(`SELECT 1 FROM regions WHERE id = $1`, [
      regionId,
    ])) as unknown[];
    if (found.length === 0) throw AppError.invalid('regionId', 'is not a region');
  }

  /**
   * The keys a grouping lists (every region, type and code, zeros included; facilities only with
   * figures), their labels in the user's language, and the staff behind each where there is one.
   */
  async of(
    groupBy: Grouping,
    regionId: string | null,
    locale: Locale,
    seen: string[],
  ): Promise<Dimension> {
    const fixed = (codes: readonly string[], kind: string) => {
      const keys = [...new Set([...codes, ...seen])];
      return { keys, labels: new Map(keys.map((k) => [k, label(locale, kind, k)])), staff: null };
    };
    const where = regionId ? 'WHERE f.region_id = $1' : '';
    const params = regionId ? [regionId] : [];
    switch (groupBy) {
      case 'region': {
        const rows = (await this.reads.query(
          `SELECT r.id AS key, r.name_${locale} AS label, coalesce(sum(f.staff_count), 0)::int AS staff
             FROM regions r LEFT JOIN facilities f ON f.region_id = r.id
            ${regionId ? 'WHERE r.id = $1' : ''}
            GROUP BY r.id`,
          params,
        )) as NamedRow[];
        return named(rows);
      }
      case 'facility': {
        const rows = (await this.reads.query(
          `SELECT f.id AS key, f.name AS label, f.staff_count AS staff FROM facilities f WHERE f.id = ANY($1)`,
          [seen],
        )) as NamedRow[];
        return named(rows);
      }
      case 'facilityType': {
        const rows = (await this.reads.query(
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
        const codes = (await this.reads.query(
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
