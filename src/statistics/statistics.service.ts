import { Injectable } from '@nestjs/common';
import { Locale } from '../auth/roles';
import { StatisticsDimensions } from './dimensions.service';
import { Month } from './months';
import { foldMonthly, MonthlyFigures } from './monthly-figures';
import { StatisticsRepository } from './statistics.repository';

export { GROUPINGS } from './monthly-figures';
export type { Grouping, MonthlyFigures, MonthlyRow } from './monthly-figures';

/**
 * The ministry's figures for a month, read from the monthly rollups (never from the incidents
 * table). Counts are incidents by the Asia/Almaty calendar month they occurred in, under their
 * current category.
 */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly repository: StatisticsRepository,
    private readonly dimensions: StatisticsDimensions,
  ) {}

  async monthly(
    month: Month,
    groupBy: MonthlyFigures['groupBy'],
    regionId: string | null,
    locale: Locale,
  ): Promise<MonthlyFigures> {
    if (regionId) await this.dimensions.requireRegion(regionId);
    const days = [month, month.plus(-1), month.plus(-12)].map((m) => m.firstDay) as [
      string,
      string,
      string,
    ];
    const [{ grouped, other }, totalStaff, support] = await Promise.all([
      this.repository.monthlyCounts(groupBy, days, regionId),
      this.repository.staffTotal(regionId),
      this.repository.supportShares(month, regionId),
    ]);
    const seen = [...new Set(grouped.map((r) => r.key))];
    const dimension = await this.dimensions.of(groupBy, regionId, locale, seen);
    const figures = foldMonthly({
      month: month.toString(),
      groupBy,
      regionId,
      days,
      grouped,
      other,
      dimension,
      totalStaff,
    });
    return { ...figures, support };
  }
}
