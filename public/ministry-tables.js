import { el, formatNumber, locale, t } from './common.js';

// The dashboard's tables besides the monthly one: police response by region and post coverage,
// and the change of a count against an earlier one.
const LOCALE_TAGS = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };
const PERCENT = new Intl.NumberFormat(LOCALE_TAGS[locale], {
  style: 'percent',
  signDisplay: 'exceptZero',
  maximumFractionDigits: 1,
});
const SHARE = new Intl.NumberFormat(LOCALE_TAGS[locale], {
  style: 'percent',
  maximumFractionDigits: 1,
});

/** The change from `base` to `count` in per cent; "—" when there is nothing to compare with. */
export function change(count, base) {
  return base === 0 ? '—' : PERCENT.format((count - base) / base);
}

/** A cell with a change: "—" says in words that there is no base. */
export function changeCell(count, base) {
  const text = change(count, base);
  return el('td', { class: 'num', title: base === 0 ? t('web.ministry.noBase') : null }, text);
}

/** A table's column headings: the first names the rows, the others head columns of figures. */
export function headerRow(head) {
  return el(
    'tr',
    {},
    head.map((h, i) => el('th', { scope: 'col', class: i ? 'num' : '' }, h)),
  );
}

/** Sets a pair of download links to a table's CSV and XLSX. */
export function setDownloads(id, path, params) {
  document.getElementById(`${id}-csv`).href = `${path}.csv?${params}`;
  document.getElementById(`${id}-xlsx`).href = `${path}.xlsx?${params}`;
}

/** Victims offered support and support completed, as shares, when the figures carry them. */
export function showSupport(figures) {
  const node = document.getElementById('support');
  const s = figures.support;
  node.hidden = !s;
  if (!s) return node.replaceChildren();
  const share = (part, whole) =>
    whole === 0
      ? '—'
      : `${SHARE.format(part / whole)} (${formatNumber(part)} / ${formatNumber(whole)})`;
  node.replaceChildren(
    `${t('web.ministry.supportOffered')}: ${share(s.offered, s.victims)}`,
    ` · ${t('web.ministry.supportCompleted')}: ${share(s.completed, s.offered)}`,
  );
}

// Alerts raised, acknowledged in time, late or never, and escalated, by region: the times alone
// would make a region whose posts ignore alerts look fast.
export function showAlerts(times) {
  const table = document.getElementById('alerts-table');
  const minutes = (s) => (s === null ? '—' : formatNumber(s / 60, 1));
  const cells = (r) => [
    formatNumber(r.alerts),
    formatNumber(r.acknowledgedInTime),
    formatNumber(r.acknowledgedLate),
    formatNumber(r.neverAcknowledged),
    formatNumber(r.escalated),
    minutes(r.median),
    minutes(r.p90),
  ];
  table.tHead.replaceChildren(
    headerRow([
      t('stats.region'),
      t('web.ministry.alerts'),
      t('web.ministry.acknowledgedInTime'),
      t('web.ministry.acknowledgedLate'),
      t('web.ministry.neverAcknowledged'),
      t('web.ministry.escalated'),
      t('web.ministry.medianMinutes'),
      t('web.ministry.p90Minutes'),
    ]),
  );
  const row = (key, label, r) =>
    el(
      'tr',
      { 'data-key': key },
      el('th', { scope: 'row' }, label),
      cells(r).map((c) => el('td', { class: 'num' }, c)),
    );
  table.tBodies[0].replaceChildren(
    ...times.rows.filter((r) => r.alerts > 0).map((r) => row(r.key, r.label, r)),
  );
  table.tFoot.replaceChildren(row('total', t('stats.total'), times.overall));
}

const COVERAGE = ['facilities', 'covered', 'uncovered', 'incidents', 'incidentsAtUncovered'];

/** Facilities with and without a covering police post, by region and type, and their incidents. */
export function showCoverage(coverage, month) {
  const table = document.getElementById('coverage-table');
  document.getElementById('coverage-lead').textContent = t('web.ministry.coverageLead', {
    m: month,
  });
  table.tHead.replaceChildren(
    headerRow([
      t('stats.region'),
      t('stats.facilityType'),
      t('stats.facilities'),
      t('stats.covered'),
      t('stats.uncovered'),
      t('stats.incidents'),
      t('stats.incidentsAtUncovered'),
    ]),
  );
  table.tBodies[0].replaceChildren(
    ...coverage.rows.map((r) =>
      el(
        'tr',
        { 'data-key': `${r.regionId}/${r.facilityType}`, class: r.uncovered ? 'uncovered' : null },
        el('th', { scope: 'row' }, r.regionLabel),
        el('td', {}, r.typeLabel),
        COVERAGE.map((f) => el('td', { class: 'num' }, formatNumber(r[f]))),
      ),
    ),
  );
  const sum = (f) => coverage.rows.reduce((s, r) => s + r[f], 0);
  table.tFoot.replaceChildren(
    el(
      'tr',
      { 'data-key': 'total' },
      el('th', { scope: 'row', colspan: 2 }, t('stats.total')),
      COVERAGE.map((f) => el('td', { class: 'num' }, formatNumber(sum(f)))),
    ),
  );
}
