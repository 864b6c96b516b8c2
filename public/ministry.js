import { api, el, formatNumber, locale, t } from './common.js';

// The ministry dashboard: figures from the statistics API (aggregates only), a table, three charts,
// the police alerts by region and the exports of the same figures.
const form = document.getElementById('filters');
const summary = document.getElementById('summary');
const table = document.getElementById('table');
const charts = {};
const COLOURS = ['#0b5cab', '#a4161a', '#1b6e3a', '#8a5300', '#5b2c83', '#2b6f77', '#6b6f00'];

function lastFullMonth() {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Almaty',
    year: 'numeric',
    month: '2-digit',
  })
    .format(new Date())
    .split('-')
    .map(Number);
  return `${parts[0]}-${String(parts[1]).padStart(2, '0')}`;
}

function shift(month, delta) {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function query() {
  const params = new URLSearchParams({
    month: form.month.value,
    groupBy: form.groupBy.value,
    lang: locale,
  });
  if (form.regionId.value) params.set('regionId', form.regionId.value);
  return params;
}

function draw(id, config) {
  charts[id]?.destroy();
  charts[id] = new window.Chart(document.getElementById(id), {
    ...config,
    options: {
      responsive: true,
      animation: false,
      plugins: { legend: { display: config.type === 'line' } },
      ...config.options,
    },
  });
}

/** A table's column headings: the first names the rows, the others head columns of figures. */
function headerRow(head) {
  return el(
    'tr',
    {},
    head.map((h, i) => el('th', { scope: 'col', class: i ? 'num' : '' }, h)),
  );
}

async function show(event) {
  event?.preventDefault();
  const params = query();
  history.replaceState(null, '', `?${params}`);
  document.getElementById('csv').href = `/api/v1/stats/monthly.csv?${params}`;
  document.getElementById('xlsx').href = `/api/v1/stats/monthly.xlsx?${params}`;
  const trendParams = new URLSearchParams({
    from: shift(form.month.value, -11),
    to: form.month.value,
    lang: locale,
  });
  if (form.regionId.value) trendParams.set('regionId', form.regionId.value);
  const [figures, trend, times] = await Promise.all([
    api(`/api/v1/stats/monthly?${params}`),
    api(`/api/v1/stats/trend?${trendParams}`),
    api(`/api/v1/stats/response-times?month=${form.month.value}&lang=${locale}`),
  ]);
  summary.replaceChildren(
    el('span', {}, `${t('stats.incidents')}: `),
    el('strong', { id: 'total' }, formatNumber(figures.total)),
    ` · ${t('stats.previousMonth')}: ${formatNumber(figures.previousMonth)}`,
    ` · ${t('stats.sameMonthLastYear')}: ${formatNumber(figures.sameMonthLastYear)}`,
    ` · ${t('stats.victims')}: ${formatNumber(figures.victims)}`,
    figures.footageShare === null
      ? ''
      : ` · ${t('web.ministry.footageShare')}: ${formatNumber(figures.footageShare * 100, 1)} %`,
  );
  const head = [
    t(`groupBy.${figures.groupBy}`),
    figures.groupBy === 'victimRole' ? t('stats.victims') : t('stats.incidents'),
    t('stats.previousMonth'),
    t('stats.sameMonthLastYear'),
    t('stats.ratePer1000Staff'),
  ];
  table.tHead.replaceChildren(headerRow(head));
  table.tBodies[0].replaceChildren(
    ...figures.rows.map((r) =>
      el(
        'tr',
        { 'data-key': r.key },
        el('th', { scope: 'row' }, r.label),
        el('td', { class: 'num' }, formatNumber(r.count)),
        el('td', { class: 'num' }, formatNumber(r.previousMonth)),
        el('td', { class: 'num' }, formatNumber(r.sameMonthLastYear)),
        el(
          'td',
          { class: 'num' },
          r.ratePer1000Staff === null ? '—' : formatNumber(r.ratePer1000Staff, 2),
        ),
      ),
    ),
  );
  const rows = figures.rows.filter((r) => r.count > 0).slice(0, 20);
  draw('bar-chart', {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.label),
      datasets: [
        { label: t('stats.count'), data: rows.map((r) => r.count), backgroundColor: COLOURS[0] },
      ],
    },
    options: { indexAxis: 'y' },
  });
  draw('trend-chart', {
    type: 'line',
    data: {
      labels: trend.months,
      datasets: trend.series.map((s, i) => ({
        label: s.key === 'total' ? t('stats.total') : s.label,
        data: s.values,
        borderColor: COLOURS[i % COLOURS.length],
        tension: 0.2,
      })),
    },
  });
  const acked = times.rows.filter((r) => r.acknowledgedIncidents > 0);
  draw('ack-chart', {
    type: 'bar',
    data: {
      labels: acked.map((r) => r.label),
      datasets: [
        {
          label: t('web.ministry.median'),
          data: acked.map((r) => r.median / 60),
          backgroundColor: COLOURS[0],
        },
        {
          label: t('web.ministry.p90'),
          data: acked.map((r) => r.p90 / 60),
          backgroundColor: COLOURS[1],
        },
      ],
    },
    options: { plugins: { legend: { display: true } } },
  });
  showAlerts(times);
}

// Alerts raised, acknowledged in time, late or never, and escalated, by region: the times alone
// would make a region whose posts ignore alerts look fast.
function showAlerts(times) {
  const alertsTable = document.getElementById('alerts-table');
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
  const head = [
    t('stats.region'),
    t('web.ministry.alerts'),
    t('web.ministry.acknowledgedInTime'),
    t('web.ministry.acknowledgedLate'),
    t('web.ministry.neverAcknowledged'),
    t('web.ministry.escalated'),
    t('web.ministry.medianMinutes'),
    t('web.ministry.p90Minutes'),
  ];
  alertsTable.tHead.replaceChildren(headerRow(head));
  alertsTable.tBodies[0].replaceChildren(
    ...times.rows
      .filter((r) => r.alerts > 0)
      .map((r) =>
        el(
          'tr',
          { 'data-key': r.key },
          el('th', { scope: 'row' }, r.label),
          cells(r).map((c) => el('td', { class: 'num' }, c)),
        ),
      ),
  );
  alertsTable.tFoot.replaceChildren(
    el(
      'tr',
      { 'data-key': 'total' },
      el('th', { scope: 'row' }, t('stats.total')),
      cells(times.overall).map((c) => el('td', { class: 'num' }, c)),
    ),
  );
}

const url = new URLSearchParams(location.search);
form.month.value = url.get('month') ?? lastFullMonth();
if (url.get('groupBy')) form.groupBy.value = url.get('groupBy');
if (url.get('regionId')) form.regionId.value = url.get('regionId');
form.addEventListener('submit', show);
show();
