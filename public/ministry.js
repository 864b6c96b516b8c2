import { api, data, el, formatNumber, locale, t } from './common.js';
import {
  change,
  changeCell,
  headerRow,
  setDownloads,
  showAlerts,
  showCoverage,
  showSupport,
} from './ministry-tables.js';

// The ministry dashboard: figures from the statistics API (aggregates only), with their change
// from the month before and the year before, three charts, police response by region, post
// coverage, a map opened on demand, and every table as CSV and XLSX.
const form = document.getElementById('filters');
const summary = document.getElementById('summary');
const table = document.getElementById('table');
const charts = {};
const COLOURS = ['#0b5cab', '#a4161a', '#1b6e3a', '#8a5300', '#5b2c83', '#2b6f77', '#6b6f00'];

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

/**
 * The reports with the month before and the year before (counts and % change), the events they
 * make and the distinct victims.
 */
function showSummary(figures) {
  const compared = (id, label, base) => [
    ` · ${label}: `,
    el('span', { id }, `${formatNumber(base)} (${change(figures.total, base)})`),
  ];
  summary.replaceChildren(
    el('span', {}, `${t('web.ministry.reports')}: `),
    el('strong', { id: 'total' }, formatNumber(figures.total)),
    ...compared('mom', t('stats.previousMonth'), figures.previousMonth),
    ...compared('yoy', t('stats.sameMonthLastYear'), figures.sameMonthLastYear),
    ` · ${t('stats.events')}: `,
    el('strong', { id: 'events' }, formatNumber(figures.events)),
    ` · ${t('stats.victims')}: `,
    el('strong', { id: 'victims' }, formatNumber(figures.victims)),
    figures.footageShare === null
      ? ''
      : ` · ${t('web.ministry.footageShare')}: ${formatNumber(figures.footageShare * 100, 1)} %`,
  );
  showSupport(figures);
}

// Rows of a grouping by report count reports and, in the last column, events; victim roles count
// victims and have no events column.
function showTable(figures) {
  const byVictims = figures.groupBy === 'victimRole';
  table.tHead.replaceChildren(
    headerRow([
      t(`groupBy.${figures.groupBy}`),
      byVictims ? t('stats.victims') : t('web.ministry.reports'),
      t('stats.previousMonth'),
      t('web.ministry.changeFromPrevious'),
      t('stats.sameMonthLastYear'),
      t('web.ministry.changeFromLastYear'),
      t('stats.ratePer1000Staff'),
      ...(byVictims ? [] : [t('stats.events')]),
    ]),
  );
  table.tBodies[0].replaceChildren(
    ...figures.rows.map((r) =>
      el(
        'tr',
        { 'data-key': r.key },
        el('th', { scope: 'row' }, r.label),
        el('td', { class: 'num' }, formatNumber(r.count)),
        el('td', { class: 'num' }, formatNumber(r.previousMonth)),
        changeCell(r.count, r.previousMonth),
        el('td', { class: 'num' }, formatNumber(r.sameMonthLastYear)),
        changeCell(r.count, r.sameMonthLastYear),
        el(
          'td',
          { class: 'num' },
          r.ratePer1000Staff === null ? '—' : formatNumber(r.ratePer1000Staff, 2),
        ),
        byVictims ? [] : el('td', { class: 'num' }, formatNumber(r.events)),
      ),
    ),
  );
}

function showCharts(figures, trend, times) {
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
  // The trend over all keys: reports, the events they make, and the distinct victims.
  const lines = [
    [t('web.ministry.reports'), 'total'],
    [t('stats.events'), 'events'],
    [t('stats.victims'), 'victims'],
  ];
  draw('trend-chart', {
    type: 'line',
    data: {
      labels: trend.months,
      datasets: lines.map(([label, field], i) => ({
        label,
        data: trend.points.map((p) => p[field]),
        borderColor: COLOURS[i],
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
}

let map = null;

async function show(event) {
  event?.preventDefault();
  const month = form.month.value;
  const params = query();
  history.replaceState(null, '', `?${params}`);
  document.getElementById('csv').href = `/api/v1/stats/monthly.csv?${params}`;
  document.getElementById('xlsx').href = `/api/v1/stats/monthly.xlsx?${params}`;
  const trendParams = new URLSearchParams({ from: shift(month, -11), to: month, lang: locale });
  if (form.regionId.value) trendParams.set('regionId', form.regionId.value);
  const timesParams = new URLSearchParams({ month, lang: locale });
  const coverageParams = new URLSearchParams({ from: shift(month, -11), to: month, lang: locale });
  setDownloads('times', '/api/v1/stats/response-times', timesParams);
  setDownloads('coverage', '/api/v1/stats/coverage', coverageParams);
  const [figures, trend, times, coverage] = await Promise.all([
    api(`/api/v1/stats/monthly?${params}`),
    api(`/api/v1/stats/trend?${trendParams}`),
    api(`/api/v1/stats/response-times?${timesParams}`),
    api(`/api/v1/stats/coverage?${coverageParams}`),
  ]);
  showSummary(figures);
  showTable(figures);
  showCharts(figures, trend, times);
  showAlerts(times);
  showCoverage(coverage, month);
  map?.show(month);
}

// The map and its library load only when asked for, so the dashboard's first load stays light.
const mapButton = document.getElementById('map-show');
mapButton.addEventListener('click', async () => {
  const area = document.getElementById('map-area');
  const open = area.hidden;
  area.hidden = !open;
  mapButton.setAttribute('aria-expanded', String(open));
  if (!open) return;
  if (!map) {
    const status = document.getElementById('map-status');
    status.textContent = t('web.ministry.mapLoading');
    try {
      const { createMap } = await import('./ministry-map.js');
      map = await createMap(document.getElementById('map'), data.mapTiles);
      status.textContent = '';
    } catch {
      status.textContent = t('web.ministry.mapFailed');
      return;
    }
  }
  await map.show(form.month.value);
});

const url = new URLSearchParams(location.search);
// The server names the last complete month in Almaty: the running one is still being reported.
form.month.value = url.get('month') ?? data.defaultMonth;
if (url.get('groupBy')) form.groupBy.value = url.get('groupBy');
if (url.get('regionId')) form.regionId.value = url.get('regionId');
form.addEventListener('submit', show);
show();
