import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Locale } from '../auth/roles';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { label, t } from '../i18n/i18n';
import { Cell } from './exports';
import { Month } from './months';
import { CURRENT_CATEGORIES, INCIDENT_FIGURES } from './rollup-queries';

/** The figures anyone may download, without signing in. */
@Injectable()
export class OpenDataService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * The month's region × category table, with a header row; counts 1–4 shown as `<5`. Only a
   * month that has ended in Almaty is published: figures of the running month would change as
   * each report arrives, and watching them change would date the reports behind a small count.
   */
  async table(month: Month, locale: Locale): Promise<Cell[][]> {
    const running = Month.of(this.clock.now());
    if (month.until(running) <= 0)
      throw AppError.invalid(
        'month',
        `must be a month that has ended, ${running.plus(-1)} or earlier`,
      );
    const rows = await this.counts(month);
    return [
      [
        t(locale, 'stats.month'),
        t(locale, 'stats.regionCode'),
        t(locale, 'stats.region'),
        t(locale, 'stats.categoryCode'),
        t(locale, 'stats.category'),
        t(locale, 'stats.incidents'),
      ],
      ...rows.map((r) => [
        month.toString(),
        r.region_code,
        r[`name_${locale}`],
        r.category,
        label(locale, 'category', r.category),
        r.count >= 1 && r.count <= 4 ? '<5' : r.count,
      ]),
    ];
  }

  /** Region × category counts, every region and category, zeros included. */
  private async counts(month: Month) {
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
}
