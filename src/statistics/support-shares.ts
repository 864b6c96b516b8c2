import { ApiProperty } from '@nestjs/swagger';
import { EntityManager } from 'typeorm';
import type { Locale } from '../auth/roles';
import { t } from '../i18n/i18n';
import type { Cell } from './exports';
import type { Month } from './months';

const COUNT = { type: 'integer', minimum: 0 } as const;

/** How the month's victims were looked after: counts only, never who. */
export interface SupportShares {
  victims: number;
  offered: number;
  completed: number;
}

export class SupportSharesView implements SupportShares {
  @ApiProperty({
    ...COUNT,
    description: "Victim entries of the month's incidents (in the region asked for)",
  })
  victims: number;
  @ApiProperty({ ...COUNT, description: 'Of them, victims with at least one support item' })
  offered: number;
  @ApiProperty({
    ...COUNT,
    description:
      'Of them, victims whose support items are all completed or declined, at least one completed',
  })
  completed: number;
}

/**
 * Victims of the incidents that occurred in the month (Asia/Almaty) and how many were offered
 * support and had it completed. Read from the incidents, their victims and support items: the
 * month's incidents are found by the time index, and nothing personal is read.
 */
export async function supportShares(
  m: EntityManager,
  month: Month,
  regionId: string | null,
): Promise<SupportShares> {
  const [row] = (await m.query(
    `WITH per_victim AS (
       SELECT count(s.id) AS items,
              coalesce(bool_and(s.state IN ('completed', 'declined')), false) AS settled,
              coalesce(bool_or(s.state = 'completed'), false) AS any_completed
         FROM incidents i
         JOIN incident_victims v ON v.incident_id = i.id
         LEFT JOIN incident_support s ON s.incident_id = i.id AND s.victim_index = v.position
        WHERE i.occurred_at >= ($1::date)::timestamp AT TIME ZONE 'Asia/Almaty'
          AND i.occurred_at < ($1::date + interval '1 month')::timestamp AT TIME ZONE 'Asia/Almaty'
          ${regionId ? 'AND i.facility_id IN (SELECT id FROM facilities WHERE region_id = $2)' : ''}
        GROUP BY v.id)
     SELECT count(*)::int AS victims,
            count(*) FILTER (WHERE items > 0)::int AS offered,
            count(*) FILTER (WHERE items > 0 AND settled AND any_completed)::int AS completed
       FROM per_victim`,
    regionId ? [month.firstDay, regionId] : [month.firstDay],
  )) as SupportShares[];
  return row;
}

/** The shares as summary lines under a monthly table. */
export function supportLines(shares: SupportShares | undefined, locale: Locale): Cell[][] {
  if (!shares) return [];
  return [
    ['support.victims', t(locale, 'stats.support.victims'), shares.victims, null, null, null],
    ['support.offered', t(locale, 'stats.support.offered'), shares.offered, null, null, null],
    ['support.completed', t(locale, 'stats.support.completed'), shares.completed, null, null, null],
  ];
}
