import { Injectable } from '@nestjs/common';
import { ReplicaReads } from './replica-reads';
import type { DayCount, Grouping, KeyCount } from './monthly-figures';
import { INCIDENT_FIGURES, VICTIM_FIGURES } from './rollup-queries';
import type { Month } from './months';
import { SupportShares, supportShares } from './support-shares';

/** The SQL key of each grouping over rollup rows `b` joined to facilities `f`. */
export const KEY_SQL: Record<Grouping, string> = {
  region: 'f.region_id::text',
  facility: 'f.id::text',
  facilityType: 'f.type',
  category: 'b.category',
  victimRole: 'b.victim_role',
  perpetratorType: 'b.perpetrator_type',
};

/**
 * The counts behind the ministry's monthly figures and series, read from the monthly rollups
 * plus the deltas not folded in yet (never from the incidents table).
 */
@Injectable()
export class StatisticsRepository {
  constructor(private readonly reads: ReplicaReads) {}

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
    const region = regionId ? 'AND f.region_id = $2' : '';
    const params = regionId ? [days, regionId] : [days];
    const byVictims = groupBy === 'victimRole';
    const [grouped, other] = await Promise.all([
      this.reads.query(
        `SELECT ${KEY_SQL[groupBy]} AS key, b.month::text AS day,
                sum(${byVictims ? 'b.victims' : 'b.incidents'})::int AS n,
                ${byVictims ? '0' : 'sum(b.with_footage)::int'} AS footage,
                ${byVictims ? '0' : 'sum(b.events)::int'} AS events
           FROM (${byVictims ? VICTIM_FIGURES : INCIDENT_FIGURES}) b JOIN facilities f ON f.id = b.facility_id
          WHERE true ${region}
          GROUP BY 1, b.month`,
        params,
      ) as Promise<KeyCount[]>,
      this.reads.query(
        byVictims
          ? `SELECT b.month::text AS day, sum(b.incidents)::int AS n, sum(b.with_footage)::int AS footage,
                    sum(b.events)::int AS events
               FROM (${INCIDENT_FIGURES}) b JOIN facilities f ON f.id = b.facility_id
              WHERE true ${region}
              GROUP BY 1`
          : `SELECT b.month::text AS day, sum(b.victims)::int AS n, 0 AS footage, 0 AS events
               FROM (${VICTIM_FIGURES}) b JOIN facilities f ON f.id = b.facility_id
              WHERE b.month = ($1::date[])[1] ${region}
              GROUP BY 1`,
        params,
      ) as Promise<DayCount[]>,
    ]);
    return { grouped, other };
  }

  /** Counts per key (or one `total` key) and month (`YYYY-MM`) over the given first days. */
  async trendCounts(
    groupBy: Grouping | null,
    days: string[],
    regionId: string | null,
  ): Promise<Array<{ key: string; month: string; n: number }>> {
    const source = groupBy === 'victimRole' ? VICTIM_FIGURES : INCIDENT_FIGURES;
    const measure = groupBy === 'victimRole' ? 'b.victims' : 'b.incidents';
    return (await this.reads.query(
      `SELECT ${groupBy ? KEY_SQL[groupBy] : `'total'`} AS key, left(b.month::text, 7) AS month,
              sum(${measure})::int AS n
         FROM (${source}) b JOIN facilities f ON f.id = b.facility_id
        WHERE true ${regionId ? 'AND f.region_id = $2' : ''}
        GROUP BY 1, b.month`,
      regionId ? [days, regionId] : [days],
    )) as Array<{ key: string; month: string; n: number }>;
  }

  /** Reports and events, and distinct victims, per month (`YYYY-MM`) over the given first days. */
  async trendPoints(
    days: string[],
    regionId: string | null,
  ): Promise<{
    reports: Array<{ month: string; n: number; events: number }>;
    victims: Array<{ month: string; n: number }>;
  }> {
    const per = (measures: string, source: string) =>
      this.reads.query<Array<{ month: string; n: number; events: number }>>(
        `SELECT left(b.month::text, 7) AS month, ${measures}
           FROM (${source}) b JOIN facilities f ON f.id = b.facility_id
          WHERE true ${regionId ? 'AND f.region_id = $2' : ''}
          GROUP BY b.month`,
        regionId ? [days, regionId] : [days],
      );
    const [reports, victims] = await Promise.all([
      per('sum(b.incidents)::int AS n, sum(b.events)::int AS events', INCIDENT_FIGURES),
      per('sum(b.victims)::int AS n', VICTIM_FIGURES),
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
