import { Locale } from '../auth/roles';
import { t } from '../i18n/i18n';
import type { Cell } from './exports';
import type { ResponseFigures, ResponseTimes } from './response-times.service';
import type { CoverageView } from './statistics.views';

const COVERAGE_FIGURES = [
  'facilities',
  'covered',
  'uncovered',
  'incidents',
  'incidentsAtUncovered',
] as const;

/** The coverage report as a table: a row per region and facility type, and the total. */
export function coverageTable(view: CoverageView, locale: Locale): Cell[][] {
  const sum = (f: (typeof COVERAGE_FIGURES)[number]) => view.rows.reduce((s, r) => s + r[f], 0);
  return [
    [
      t(locale, 'stats.region'),
      t(locale, 'stats.facilityType'),
      t(locale, 'stats.facilities'),
      t(locale, 'stats.covered'),
      t(locale, 'stats.uncovered'),
      t(locale, 'stats.incidents'),
      t(locale, 'stats.incidentsAtUncovered'),
    ],
    ...view.rows.map((r) => [r.regionLabel, r.typeLabel, ...COVERAGE_FIGURES.map((f) => r[f])]),
    [t(locale, 'stats.total'), null, ...COVERAGE_FIGURES.map(sum)],
  ];
}

/** Seconds as minutes with one decimal, as the dashboard shows them. */
const minutes = (s: number | null) => (s === null ? null : Math.round((s / 60) * 10) / 10);

/** The response-time figures as a table: a row per region, and the whole country. */
export function responseTimesTable(view: ResponseTimes, locale: Locale): Cell[][] {
  const figures = (r: ResponseFigures): Cell[] => [
    r.alerts,
    r.acknowledgedInTime,
    r.acknowledgedLate,
    r.neverAcknowledged,
    r.escalated,
    r.acknowledgedIncidents,
    minutes(r.median),
    minutes(r.p90),
  ];
  return [
    [
      t(locale, 'stats.key'),
      t(locale, 'stats.region'),
      t(locale, 'web.ministry.alerts'),
      t(locale, 'web.ministry.acknowledgedInTime'),
      t(locale, 'web.ministry.acknowledgedLate'),
      t(locale, 'web.ministry.neverAcknowledged'),
      t(locale, 'web.ministry.escalated'),
      t(locale, 'stats.acknowledgedIncidents'),
      t(locale, 'web.ministry.medianMinutes'),
      t(locale, 'web.ministry.p90Minutes'),
    ],
    ...view.rows.map((r) => [r.key, r.label, ...figures(r)]),
    ['total', t(locale, 'stats.total'), ...figures(view.overall)],
  ];
}
