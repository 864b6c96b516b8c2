import { Injectable } from '@nestjs/common';
import { ReplicaReads } from './replica-reads';
import type { DayCount, Grouping, KeyCount } from './monthly-figures';
import {
  FACILITY_TOTALS,
  REGIONAL_INCIDENT_FIGURES,
  REGIONAL_VICTIM_FIGURES,
} from './rollup-queries';
import type { Month } from './months';
import { SupportShares, supportShares } from './support-shares';

/** The SQL key of each grouping over figure rows `b` (regional, or per facility for `facility`). */
export const KEY_SQL: Record<Grouping, string> = {
  region: 'b.region_id',
  facility: 'b.facility_id',
  facilityType: 'b.facility_type',
  category: 'b.category',
  victimRole: 'b.victim_role',
  perpetratorType: 'b.perpetrator_type',
};

/** Figure rows `b` for the months in $1, and the filter by the region in $2. */
interface Figures {
  from: string;
  inRegion: string;
}

const REGIONAL_INCIDENTS: Figures = {
  from: `(${REGIONAL_INCIDENT_FIGURES}) b`,
  inRegion: 'b.region_id = $2',
};
const REGIONAL_VICTIMS: Figures = {
  from: `(${REGIONAL_VICTIM_FIGURES}) b`,
  inRegion: 'b.region_id = $2',
};
const PER_FACILITY: Figures = {
  from: `(${FACILITY_TOTALS}) b`,
  inRegion: 'b.facility_id IN (SELECT id FROM facilities WHERE region_id = $2)',
};

/** Reports, those with footage and events; or victims (no footage or events of their own). */
const INCIDENTS = {
  n: 'sum(b.incidents)::int',
  footage: 'sum(b.with_footage)::int',
  events: 'sum(b.events)::int',
};
const VICTIMS = { n: 'sum(b.victims)::int', footage: '0', events: '0' };

/**
 * The counts behind the ministry's monthly figures and series, read from the monthly rollups
 * plus the deltas not folded in yet (never from the incidents table): the regional ones for
 * every grouping but by facility, which reads each facility's totals.
 */
@Injectable()
export class StatisticsRepository {
  constructor(private readonly reads: ReplicaReads) {}

  /**
   * Sums the `measures` (alias → SQL) over `figures` per month (`day`: the first day; `month`:
   * `YYYY-MM`) and, given one, per `key`, for the months' first days in $1, in the region. Rows
   * are grouped by the month's date and the key's own type, and only the groups are formatted.
   */
  private sum<T>(
    figures: Figures,
    o: {
      key: string | null;
      month: 'day' | 'month';
      measures: Record<string, string>;
      where?: string;
    },
    days: string[],
    regionId: string | null,
  ): Promise<T[]> {
    const measures = Object.entries(o.measures);
    const month = o.month === 'day' ? 'm::text AS day' : 'left(m::text, 7) AS month';
    return this.reads.query(
      `SELECT ${o.key ? 'key::text AS key, ' : ''}${month}, ${measures.map(([alias]) => alias).join(', ')}
         FROM (SELECT ${o.key ? `${o.key} AS key, ` : ''}b.month AS m,
                      ${measures.map(([alias, sql]) => `${sql} AS ${alias}`).join(', ')}
                 FROM ${figures.from}
                WHERE ${o.where ?? 'true'} ${regionId ? `AND ${figures.inRegion}` : ''}
                GROUP BY ${o.key ? '1, 2' : '1'}) x`,
      regionId ? [days, regionId] : [days],
    ) as Promise<T[]>;
  }

  /**
   * Counts per key and month for the given months' first days (victims for victimRole, else
   * incidents with those with footage and the events), and the other measure alongside:
   * incidents and events per month when the rows count victims, else the victims of the first
   * month.
   */
  async monthlyCounts(
    groupBy: Grouping,
    days: string[],
    regionId: string | null,
  ): Promise<{ grouped: KeyCount[]; other: DayCount[] }> {
    const key = KEY_SQL[groupBy];
    const [grouped, other] = await Promise.all(
      groupBy === 'victimRole'
        ? [
            this.sum<KeyCount>(
              REGIONAL_VICTIMS,
              { key, month: 'day', measures: VICTIMS },
              days,
              regionId,
            ),
            this.sum<DayCount>(
              REGIONAL_INCIDENTS,
              { key: null, month: 'day', measures: INCIDENTS },
              days,
              regionId,
            ),
          ]
        : [
            this.sum<KeyCount>(
              groupBy === 'facility' ? PER_FACILITY : REGIONAL_INCIDENTS,
              { key, month: 'day', measures: INCIDENTS },
              days,
              regionId,
            ),
            this.sum<DayCount>(
              REGIONAL_VICTIMS,
              { key: null, month: 'day', measures: VICTIMS, where: 'b.month = ($1::date[])[1]' },
              days,
              regionId,
            ),
          ],
    );
    return { grouped, other };
  }

  /**
   * The trend's counts over the given first days: per key (or one `total` key) and month
   * (`YYYY-MM`), and per month the reports with their events and the distinct victims. Every
   * report (or counted victim) falls under exactly one key, so the measure the keys count is
   * summed from them and only the other is read: two queries.
   */
  async trend(
    groupBy: Grouping | null,
    days: string[],
    regionId: string | null,
  ): Promise<{
    counts: Array<{ key: string; month: string; n: number }>;
    reports: Array<{ month: string; n: number; events: number }>;
    victims: Array<{ month: string; n: number }>;
  }> {
    const byVictims = groupBy === 'victimRole';
    const key = groupBy ? KEY_SQL[groupBy] : `'total'`;
    const [counts, other] = await Promise.all([
      this.sum<{ key: string; month: string; n: number; events: number }>(
        byVictims ? REGIONAL_VICTIMS : groupBy === 'facility' ? PER_FACILITY : REGIONAL_INCIDENTS,
        { key, month: 'month', measures: byVictims ? VICTIMS : INCIDENTS },
        days,
        regionId,
      ),
      this.sum<{ month: string; n: number; events: number }>(
        byVictims ? REGIONAL_INCIDENTS : REGIONAL_VICTIMS,
        { key: null, month: 'month', measures: byVictims ? INCIDENTS : VICTIMS },
        days,
        regionId,
      ),
    ]);
    const perMonth = new Map<string, { month: string; n: number; events: number }>();
    for (const r of counts) {
      const m = perMonth.get(r.month) ?? { month: r.month, n: 0, events: 0 };
      m.n += r.n;
      m.events += r.events;
      perMonth.set(r.month, m);
    }
    const summed = [...perMonth.values()];
    return byVictims
      ? { counts, reports: other, victims: summed }
      : { counts, reports: summed, victims: other };
  }

  /** The month's victims and how many were offered support and had it completed. */
  supportShares(month: Month, regionId: string | null): Promise<SupportShares> {
    return this.reads.run((m) => supportShares(m, month, regionId));
  }

  /** The staff of every facility (in the region). */
  async staffTotal(regionId: string | null): Promise<number> {
    const [row] = (await this.reads.query(
      `SELECT coalesce(sum(staff_count), 0)::int AS staff FROM facilities ${regionId ? 'WHERE region_id = $1' : ''}`,
      regionId ? [regionId] : [],
    )) as Array<{ staff: number }>;
    return row.staff;
  }
}
