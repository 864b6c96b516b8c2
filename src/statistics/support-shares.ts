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
 * support and had it completed: read from the support rollup, plus the deltas not folded in yet,
 * so exact at every moment (see the SupportStatistics migration). Nothing personal is read.
 */
export async function supportShares(
  m: EntityManager,
  month: Month,
  regionId: string | null,
): Promise<SupportShares> {
  const [row] = (await m.query(
    `SELECT coalesce(sum(victims), 0)::int AS victims, coalesce(sum(offered), 0)::int AS offered,
            coalesce(sum(completed), 0)::int AS completed
       FROM (SELECT facility_id, victims, offered, completed
               FROM stats_support_monthly WHERE month = $1::date
             UNION ALL
             SELECT facility_id, victims, offered, completed
               FROM stats_support_deltas WHERE month = $1::date) x
      ${regionId ? 'WHERE facility_id IN (SELECT id FROM facilities WHERE region_id = $2)' : ''}`,
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
