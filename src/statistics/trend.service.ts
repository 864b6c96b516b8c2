import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Locale } from '../auth/roles';
import { StatisticsDimensions } from './dimensions.service';
import { Month } from './months';
import { INCIDENT_FIGURES, monthRange, VICTIM_FIGURES } from './rollup-queries';
import { Grouping, KEY_SQL } from './statistics.service';
import type { TrendView } from './statistics.views';

/** The ministry's monthly series over a range of months, read from the monthly rollups. */
@Injectable()
export class TrendService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dimensions: StatisticsDimensions,
  ) {}

  /** Monthly counts from `from` to `to`, one series per key (or one `total` series). */
  async trend(
    from: Month,
    to: Month,
    groupBy: Grouping | null,
    regionId: string | null,
    locale: Locale,
  ): Promise<TrendView> {
    const months = monthRange(from, to);
    if (regionId) await this.dimensions.requireRegion(regionId);
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
      ? (await this.dimensions.of(groupBy, regionId, locale, [...byKey.keys()])).labels
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
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
