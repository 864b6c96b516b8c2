import { Injectable } from '@nestjs/common';
import { ReplicaReads } from './replica-reads';
import { Locale } from '../auth/roles';
import { t } from '../i18n/i18n';
import { Month } from './months';

export interface ResponseFigures {
  /** Alerts raised to police posts (escalations included). */
  alerts: number;
  /** Acknowledged by the alert's deadline. */
  acknowledgedInTime: number;
  acknowledgedLate: number;
  /** Not acknowledged (so far). */
  neverAcknowledged: number;
  /** Escalated because nobody acknowledged them in time (or they could not be delivered). */
  escalated: number;
  /** The incidents the times are over: those with an acknowledged alert. */
  acknowledgedIncidents: number;
  /** Seconds from filing to the first acknowledgement, over acknowledged incidents only. */
  median: number | null;
  p90: number | null;
}

export interface ResponseTimes {
  month: string;
  /** What the times are over, in the language asked for. */
  note: string;
  overall: ResponseFigures;
  rows: Array<{ key: string; label: string } & ResponseFigures>;
}

/** The month's alert figures, folded rows plus deltas not folded yet, by region and overall. */
const ALERT_FIGURES = `
  SELECT f.region_id AS key, sum(b.alerts)::int AS alerts,
         sum(b.acknowledged_in_time)::int AS "acknowledgedInTime",
         sum(b.acknowledged_late)::int AS "acknowledgedLate",
         sum(b.never_acknowledged)::int AS "neverAcknowledged", sum(b.escalated)::int AS escalated
    FROM (SELECT facility_id, alerts, acknowledged_in_time, acknowledged_late, never_acknowledged, escalated
            FROM stats_alerts_monthly WHERE month = $1
          UNION ALL
          SELECT facility_id, alerts, acknowledged_in_time, acknowledged_late, never_acknowledged, escalated
            FROM stats_alert_deltas WHERE month = $1) b
    JOIN facilities f ON f.id = b.facility_id
   GROUP BY GROUPING SETS ((f.region_id), ())`;

/** Exact percentiles over the month's acknowledged incidents, by region and overall. */
const TIMES = `
  SELECT f.region_id AS key, count(*)::int AS "acknowledgedIncidents",
         percentile_cont(0.5) WITHIN GROUP (ORDER BY a.seconds) AS median,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY a.seconds) AS p90
    FROM stats_acknowledgements a JOIN facilities f ON f.id = a.facility_id
   WHERE a.month = $1
   GROUP BY GROUPING SETS ((f.region_id), ())`;

type Row = { key: string | null } & Partial<ResponseFigures>;

/**
 * How police answer alerts, by region: every alert raised for the month's incidents (by the
 * incident's region and the Almaty month it occurred in), how many were acknowledged in time, late
 * or never, and how many escalated; and the time from filing to the first acknowledgement.
 */
@Injectable()
export class ResponseTimesService {
  constructor(private readonly reads: ReplicaReads) {}

  async byRegion(month: Month, locale: Locale): Promise<ResponseTimes> {
    const [alerts, times, regions] = await Promise.all([
      this.reads.query(ALERT_FIGURES, [month.firstDay]) as Promise<Row[]>,
      this.reads.query(TIMES, [month.firstDay]) as Promise<Row[]>,
      this.reads.query(`SELECT id, name_${locale} AS label FROM regions ORDER BY 2`) as Promise<
        Array<{ id: string; label: string }>
      >,
    ]);
    const figures = (key: string | null): ResponseFigures => {
      const a = alerts.find((r) => r.key === key);
      const s = times.find((r) => r.key === key);
      return {
        alerts: a?.alerts ?? 0,
        acknowledgedInTime: a?.acknowledgedInTime ?? 0,
        acknowledgedLate: a?.acknowledgedLate ?? 0,
        neverAcknowledged: a?.neverAcknowledged ?? 0,
        escalated: a?.escalated ?? 0,
        acknowledgedIncidents: s?.acknowledgedIncidents ?? 0,
        median: round(s?.median),
        p90: round(s?.p90),
      };
    };
    return {
      month: month.toString(),
      note: t(locale, 'stats.responseTimesNote'),
      overall: figures(null),
      rows: regions.map((r) => ({ key: r.id, label: r.label, ...figures(r.id) })),
    };
  }
}

const round = (s: number | null | undefined) =>
  s === null || s === undefined ? null : Math.round(s * 10) / 10;
