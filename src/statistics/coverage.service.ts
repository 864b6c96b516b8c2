import { Injectable } from '@nestjs/common';
import { ReplicaReads } from './replica-reads';
import { Locale } from '../auth/roles';
import { label } from '../i18n/i18n';
import { Month } from './months';
import { INCIDENT_FIGURES, monthRange } from './rollup-queries';
import type { CoverageRowView, CoverageView } from './statistics.views';

/** The months a coverage query asks for: `to` defaults to the running month, `from` to 11 before. */
export function coveragePeriod(q: { from?: string; to?: string }, now: Date): [Month, Month] {
  const to = q.to ? (Month.parse(q.to) as Month) : Month.of(now);
  return [q.from ? (Month.parse(q.from) as Month) : to.plus(-11), to];
}

/** Where police posts cover facilities, and the incidents at facilities without one. */
@Injectable()
export class CoverageService {
  constructor(private readonly reads: ReplicaReads) {}

  /**
   * Facilities by region and type, with and without a police post covering them, and their
   * incidents over the months given; the facilities without a post are listed by name.
   */
  async byRegionAndType(from: Month, to: Month, locale: Locale): Promise<CoverageView> {
    const days = monthRange(from, to).map((m) => m.firstDay);
    const facilities = (await this.reads.query(
      `WITH counts AS (
         SELECT b.facility_id, sum(b.incidents)::int AS n FROM (${INCIDENT_FIGURES}) b GROUP BY 1
       )
       SELECT f.id, f.name, f.type, r.id AS region_id, r.code AS region_code, r.name_${locale} AS region_label,
              EXISTS (SELECT 1 FROM police_post_facilities p WHERE p.facility_id = f.id) AS covered,
              coalesce(c.n, 0) AS incidents
         FROM facilities f
         JOIN regions r ON r.id = f.region_id
         LEFT JOIN counts c ON c.facility_id = f.id`,
      [days],
    )) as Array<{
      id: string;
      name: string;
      type: string;
      region_id: string;
      region_code: string;
      region_label: string;
      covered: boolean;
      incidents: number;
    }>;
    const groups = new Map<string, CoverageRowView>();
    for (const f of facilities) {
      const id = `${f.region_id}/${f.type}`;
      const g = groups.get(id) ?? {
        regionId: f.region_id,
        regionLabel: f.region_label,
        facilityType: f.type,
        typeLabel: label(locale, 'facilityType', f.type),
        facilities: 0,
        covered: 0,
        uncovered: 0,
        incidents: 0,
        incidentsAtUncovered: 0,
      };
      g.facilities++;
      g.incidents += f.incidents;
      if (f.covered) g.covered++;
      else {
        g.uncovered++;
        g.incidentsAtUncovered += f.incidents;
      }
      groups.set(id, g);
    }
    return {
      from: from.toString(),
      to: to.toString(),
      rows: [...groups.values()].sort(
        (a, b) =>
          a.regionLabel.localeCompare(b.regionLabel) || a.typeLabel.localeCompare(b.typeLabel),
      ),
      uncoveredFacilities: facilities
        .filter((f) => !f.covered)
        .sort((a, b) => b.incidents - a.incidents || a.name.localeCompare(b.name))
        .map((f) => ({
          id: f.id,
          name: f.name,
          regionId: f.region_id,
          facilityType: f.type,
          incidents: f.incidents,
        })),
    };
  }
}
