import { Locale } from '../auth/roles';
import { t } from '../i18n/i18n';
import { MessageKey } from '../i18n/messages.en';
import { GROUPINGS } from '../statistics/statistics.service';
import { esc, layout, PageUser } from './pages';

/** The tile source the map draws under the region shapes; null: shapes only. */
export interface MapTiles {
  url: string;
  attribution: string;
}

export interface MinistryPageData {
  regions: Array<{ id: string; name: string }>;
  /** The month the dashboard opens on: the last complete one in Asia/Almaty. */
  month: string;
  tiles: MapTiles | null;
}

/** Two links that download a table as CSV and XLSX; the script sets their addresses. */
function downloads(tt: (key: MessageKey) => string, id: string, label: string): string {
  return `<p class="downloads" role="group" aria-label="${tt('web.ministry.downloads')}: ${label}">
  <a id="${id}-csv" class="button secondary" href="#" download>${tt('web.ministry.downloadCsv')}</a>
  <a id="${id}-xlsx" class="button secondary" href="#" download>${tt('web.ministry.downloadXlsx')}</a></p>`;
}

/**
 * The ministry's dashboard: the month's reports with their change from the month before and the
 * year before, the events and distinct victims they make, charts, police response, post coverage
 * and a map; every table downloadable.
 */
export function ministryPage(locale: Locale, user: PageUser, o: MinistryPageData): string {
  const tt = (key: MessageKey) => esc(t(locale, key));
  return layout({
    locale,
    title: 'web.ministry.title',
    path: '/ministry',
    user,
    script: 'ministry.js',
    extraScripts: ['/assets/vendor/chart.umd.min.js'],
    data: { defaultMonth: o.month, mapTiles: o.tiles },
    main: `<form id="filters" class="card filters">
  <div class="field"><label for="month">${tt('stats.month')}</label><input id="month" name="month" type="month" value="${esc(o.month)}" required></div>
  <div class="field"><label for="groupBy">${tt('web.ministry.groupBy')}</label>
    <select id="groupBy" name="groupBy">${GROUPINGS.map((g) => `<option value="${g}">${esc(t(locale, `groupBy.${g}` as MessageKey))}</option>`).join('')}</select></div>
  <div class="field"><label for="regionId">${tt('stats.region')}</label>
    <select id="regionId" name="regionId"><option value="">${tt('web.ministry.allRegions')}</option>${o.regions
      .map((r) => `<option value="${esc(r.id)}">${esc(r.name)}</option>`)
      .join('')}</select></div>
  <button type="submit" class="primary">${tt('web.ministry.show')}</button>
  <a id="csv" class="button secondary" href="#" download>${tt('web.ministry.downloadCsv')}</a>
  <a id="xlsx" class="button secondary" href="#" download>${tt('web.ministry.downloadXlsx')}</a>
</form>
<section class="card"><h2 id="summary-title">${tt('stats.total')}</h2><p id="summary" class="summary" aria-live="polite"></p>
  <p id="events-note" class="lead">${tt('web.ministry.eventsNote')}</p>
  <p id="support" class="summary" hidden></p>
  <div class="table-wrap" tabindex="0" role="region" aria-labelledby="summary-title"><table id="table"><caption class="sr-only">${tt('web.ministry.byGroup')}</caption><thead></thead><tbody></tbody></table></div></section>
<section class="card charts">
  <figure><figcaption>${tt('web.ministry.byGroup')}</figcaption><canvas id="bar-chart" role="img" aria-label="${tt('web.ministry.byGroup')}"></canvas></figure>
  <figure><figcaption>${tt('web.ministry.trend')}</figcaption><canvas id="trend-chart" role="img" aria-label="${tt('web.ministry.trend')}"></canvas></figure>
  <figure><figcaption>${tt('web.ministry.responseTimes')}</figcaption><canvas id="ack-chart" role="img" aria-label="${tt('web.ministry.responseTimes')}"></canvas></figure>
</section>
<section class="card" aria-labelledby="alerts-title"><h2 id="alerts-title">${tt('web.ministry.alertsByRegion')}</h2>
  <p class="lead">${tt('web.ministry.timesLead')}</p>
  <p id="alerts-note" class="lead">${tt('stats.responseTimesNote')}</p>
  <div class="table-wrap" tabindex="0" role="region" aria-labelledby="alerts-title"><table id="alerts-table"><caption class="sr-only">${tt('web.ministry.alertsByRegion')}</caption><thead></thead><tbody></tbody><tfoot></tfoot></table></div>
  ${downloads(tt, 'times', tt('web.ministry.alertsByRegion'))}</section>
<section class="card" aria-labelledby="coverage-title"><h2 id="coverage-title">${tt('web.ministry.coverage')}</h2>
  <p id="coverage-lead" class="lead"></p>
  <div class="table-wrap" tabindex="0" role="region" aria-labelledby="coverage-title"><table id="coverage-table"><caption class="sr-only">${tt('web.ministry.coverage')}</caption><thead></thead><tbody></tbody><tfoot></tfoot></table></div>
  ${downloads(tt, 'coverage', tt('web.ministry.coverage'))}</section>
<section class="card" aria-labelledby="map-title"><h2 id="map-title">${tt('web.ministry.map')}</h2>
  <p class="lead">${tt('web.ministry.mapLead')}</p>
  <button type="button" id="map-show" class="secondary" aria-controls="map-area" aria-expanded="false">${tt('web.ministry.mapShow')}</button>
  <div id="map-area" hidden><p id="map-status" role="status"></p>
    <div id="map" class="map" role="region" aria-label="${tt('web.ministry.mapLabel')}"></div>
    <ul id="map-legend" class="map-legend" aria-label="${tt('web.ministry.mapLegend')}"></ul></div></section>`,
  });
}
