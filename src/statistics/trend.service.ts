import { Injectable } from '@nestjs/common';
import { Locale } from '../auth/roles';
import { StatisticsDimensions } from './dimensions.service';
import { Month } from './months';
import { foldPoints, foldTrend, Grouping } from './monthly-figures';
import { monthRange } from './rollup-queries';
import { StatisticsRepository } from './statistics.repository';
import type { TrendView } from './statistics.views';

/** The ministry's monthly series over a range of months, read from the monthly rollups. */
@Injectable()
export class TrendService {
  constructor(
    private readonly repository: StatisticsRepository,
    private readonly dimensions: StatisticsDimensions,
  ) {}

  /**
   * Monthly counts from `from` to `to`, one series per key (or one `total` series), and per month
   * the reports, events and distinct victims over all keys.
   */
  async trend(
    from: Month,
    to: Month,
    groupBy: Grouping | null,
    regionId: string | null,
    locale: Locale,
  ): Promise<TrendView> {
    const months = monthRange(from, to);
    if (regionId) await this.dimensions.requireRegion(regionId);
    const days = months.map((m) => m.firstDay);
    const { counts: rows, reports, victims } = await this.repository.trend(groupBy, days, regionId);
    const seen = [...new Set(rows.map((r) => r.key))];
    const labels = groupBy
      ? (await this.dimensions.of(groupBy, regionId, locale, seen)).labels
      : new Map([['total', 'total']]);
    const keys = groupBy ? seen : ['total'];
    return {
      from: from.toString(),
      to: to.toString(),
      groupBy,
      regionId,
      months: months.map(String),
      series: foldTrend(months.map(String), rows, keys, labels),
      points: foldPoints(months.map(String), reports, victims),
    };
  }
}
