import { Injectable } from '@nestjs/common';
import { ReplicaReads } from './replica-reads';
import { Locale } from '../auth/roles';
import { Month } from './months';
import { INCIDENT_FIGURES } from './rollup-queries';
import type { MapFacilityView, MapView } from './statistics.views';

/**
 * What the dashboard's map draws: the month's incidents per region, and every facility as a point
 * with whether a police post covers it. Counts only; a facility's address never leaves here.
 */
@Injectable()
export class MapService {
  constructor(private readonly reads: ReplicaReads) {}

  async figures(month: Month, locale: Locale): Promise<MapView> {
    const [facilities, regions] = await Promise.all([
      this.reads.query(
        `WITH counts AS (
           SELECT b.facility_id, sum(b.incidents)::int AS n FROM (${INCIDENT_FIGURES}) b GROUP BY 1
         )
         SELECT f.id, f.name, f.type, f.region_id AS "regionId", f.lat, f.lon,
                EXISTS (SELECT 1 FROM police_post_facilities p WHERE p.facility_id = f.id) AS covered,
                coalesce(c.n, 0) AS incidents
           FROM facilities f LEFT JOIN counts c ON c.facility_id = f.id
          ORDER BY f.name, f.id`,
        [[month.firstDay]],
      ) as Promise<MapFacilityView[]>,
      this.reads.query(
        `SELECT id AS "regionId", code, name_${locale} AS label FROM regions ORDER BY code`,
      ) as Promise<Array<{ regionId: string; code: string; label: string }>>,
    ]);
    const byRegion = new Map<string, number>();
    for (const f of facilities)
      byRegion.set(f.regionId, (byRegion.get(f.regionId) ?? 0) + f.incidents);
    return {
      month: month.toString(),
      regions: regions.map((r) => ({ ...r, incidents: byRegion.get(r.regionId) ?? 0 })),
      facilities,
    };
  }
}
