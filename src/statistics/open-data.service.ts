import { Injectable } from '@nestjs/common';
import { ReplicaReads } from './replica-reads';
import { Locale } from '../auth/roles';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { label as labelOf, t } from '../i18n/i18n';
import { Cell } from './exports';
import { Month } from './months';
import { CURRENT_CATEGORIES, INCIDENT_FIGURES } from './rollup-queries';
import { Shown, suppressSmallCounts } from './small-count-suppression';

/** The figures anyone may download, without signing in. */
@Injectable()
export class OpenDataService {
  constructor(
    private readonly reads: ReplicaReads,
    private readonly clock: Clock,
  ) {}

  /**
   * The month's region × category table with a total per region, per category and overall, and
   * a header row; counts 1–4 are shown as `<5`, and further cells as `x` where the totals would
   * otherwise give a `<5` away (see small-count-suppression.ts). Only a month that has ended in
   * Almaty is published: figures of the running month change as each report arrives, and
   * watching them change would date the reports behind a small count.
   */
  async table(month: Month, locale: Locale): Promise<Cell[][]> {
    const running = Month.of(this.clock.now());
    if (month.until(running) <= 0)
      throw AppError.invalid(
        'month',
        `must be a month that has ended, ${running.plus(-1)} or earlier`,
      );
    const rows = await this.counts(month);
    const regions = [...new Map(rows.map((r) => [r.region_code, r])).values()];
    const categories = [...new Set(rows.map((r) => r.category))];
    const count = new Map(rows.map((r) => [`${r.region_code}/${r.category}`, r.count]));
    const shown = suppressSmallCounts(
      regions.map((r) => categories.map((c) => count.get(`${r.region_code}/${c}`) ?? 0)),
    );
    const total = t(locale, 'stats.total');
    const note = (v: Shown) =>
      v === '<5'
        ? t(locale, 'stats.suppressedNote')
        : v === 'x'
          ? t(locale, 'stats.withheldNote')
          : null;
    const line = (
      regionCode: string,
      region: string,
      category: string,
      label: string,
      v: Shown,
    ) => [month.toString(), regionCode, region, category, label, v, note(v)];
    const categoryLabels = categories.map((c) => labelOf(locale, 'category', c));
    return [
      [
        t(locale, 'stats.month'),
        t(locale, 'stats.regionCode'),
        t(locale, 'stats.region'),
        t(locale, 'stats.categoryCode'),
        t(locale, 'stats.category'),
        t(locale, 'stats.incidents'),
        t(locale, 'stats.note'),
      ],
      ...regions.flatMap((r, i) => [
        ...categories.map((c, j) =>
          line(r.region_code, r[`name_${locale}`], c, categoryLabels[j], shown.cells[i][j]),
        ),
        line(r.region_code, r[`name_${locale}`], 'total', total, shown.rowTotals[i]),
      ]),
      ...categories.map((c, j) =>
        line('total', total, c, categoryLabels[j], shown.columnTotals[j]),
      ),
      line('total', total, 'total', total, shown.total),
    ];
  }

  /** Region × category counts, every region and category, zeros included. */
  private async counts(month: Month) {
    return (await this.reads.query(
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
