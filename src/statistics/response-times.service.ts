import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Locale } from '../auth/roles';
import { Month } from './months';

/** How quickly police acknowledge alerts, by region, from the acknowledgement rollups. */
@Injectable()
export class ResponseTimesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Time from an incident being filed to its first acknowledgement by police, by region. */
  async byRegion(month: Month, locale: Locale) {
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
}
