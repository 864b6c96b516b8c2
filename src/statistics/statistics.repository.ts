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
  region: 'b.region_id::text',
  facility: 'b.facility_id::text',
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
  from: `(${FACILITY_TOTALS}) b JOIN facilities f ON f.id = b.facility_id`,
  inRegion: 'f.region_id = $2',
};

/**
 * The counts behind the ministry's monthly figures and series, read from the monthly rollups
 * plus the deltas not folded in yet (never from the incidents table): the regional ones for
 * every grouping but by facility, which reads each facility's totals.
 */
@Injectable()
export class StatisticsRepository {
  constructor(private readonly reads: ReplicaReads) {}

  /** Sums `measures` over `figures` per `keys` for the months' first days, in the region. */
  private sum<T>(
    figures: Figures,
    keys: string[],
    measures: string,
    days: string[],
    regionId: string | null,
    where = 'true',
  ): Promise<T[]> {
    return this.reads.query(
      `SELECT ${keys.join(', ')}, ${measures} FROM ${figures.from}
        WHERE ${where} ${regionId ? `AND ${figures.inRegion}` : ''}
        GROUP BY ${keys.map((_, i) => i + 1).join(', ')}`,
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
    const keys = [`${KEY_SQL[groupBy]} AS key`, 'b.month::text AS day'];
    const incidents =
      'sum(b.incidents)::int AS n, sum(b.with_footage)::int AS footage, sum(b.events)::int AS events';
    const victims = 'sum(b.victims)::int AS n, 0 AS footage, 0 AS events';
    const [grouped, other] = await Promise.all(
      groupBy === 'victimRole'
        ? [
            this.sum<KeyCount>(REGIONAL_VICTIMS, keys, victims, days, regionId),
            this.sum<DayCount>(
              REGIONAL_INCIDENTS,
              ['b.month::text AS day'],
              incidents,
              days,
              regionId,
            ),
          ]
        : [
            this.sum<KeyCount>(
              groupBy === 'facility' ? PER_FACILITY : REGIONAL_INCIDENTS,
              keys,
              incidents,
              days,
              regionId,
            ),
            this.sum<DayCount>(
              REGIONAL_VICTIMS,
              ['b.month::text AS day'],
              victims,
              days,
              regionId,
              'b.month = ($1::date[])[1]',
            ),
          ],
    );
    return { grouped, other };
  }

  /** Counts per key (or one `total` key) and month (`YYYY-MM`) over the given first days. */
  trendCounts(
    groupBy: Grouping | null,
    days: string[],
    regionId: string | null,
  ): Promise<Array<{ key: string; month: string; n: number }>> {
    const keys = [
      `${groupBy ? KEY_SQL[groupBy] : `'total'`} AS key`,
      'left(b.month::text, 7) AS month',
    ];
    if (groupBy === 'victimRole')
      return this.sum(REGIONAL_VICTIMS, keys, 'sum(b.victims)::int AS n', days, regionId);
    return this.sum(
      groupBy === 'facility' ? PER_FACILITY : REGIONAL_INCIDENTS,
      keys,
      'sum(b.incidents)::int AS n',
      days,
      regionId,
    );
  }

  /** Reports and events, and distinct victims, per month (`YYYY-MM`) over the given first days. */
  async trendPoints(
    days: string[],
    regionId: string | null,
  ): Promise<{
    reports: Array<{ month: string; n: number; events: number }>;
    victims: Array<{ month: string; n: number }>;
  }> {
    const month = ['left(b.month::text, 7) AS month'];
    const [reports, victims] = await Promise.all([
      this.sum<{ month: string; n: number; events: number }>(
        REGIONAL_INCIDENTS,
        month,
        'sum(b.incidents)::int AS n, sum(b.events)::int AS events',
        days,
        regionId,
      ),
      this.sum<{ month: string; n: number }>(
        REGIONAL_VICTIMS,
        month,
        'sum(b.victims)::int AS n',
        days,
        regionId,
      ),
    ]);
    return { reports, victims };
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
