import { api, el, formatNumber, locale, t } from './common.js';

// The dashboard's map, loaded only when opened: the month's incidents per region over the region
// shapes bundled with the app (public/map, matched on the regions' ISO 3166-2:KZ codes), the
// facilities with and without a police post as points, and tiles only when MAP_TILE_URL is set.
const LEAFLET = '/assets/vendor/leaflet';
const SHAPES = '/assets/map/kz-regions.geo.json';
/** Colour classes of the regions: none, then four equal steps up to the month's highest count. */
const FILLS = ['#f1f4f8', '#c6dbef', '#6baed6', '#2171b5', '#08306b'];
const COVERED = '#1b6e3a';
const UNCOVERED = '#a4161a';

/** Adds a stylesheet or a script to the page; resolves once it has loaded. */
function load(tag, attrs) {
  return new Promise((resolve, reject) => {
    const node = el(tag, attrs);
    node.addEventListener('load', resolve);
    node.addEventListener('error', reject);
    document.head.append(node);
  });
}

/** Leaflet and the map's styles; the map is measured for its size only once they apply. */
async function loadLeaflet() {
  if (!window.L)
    await Promise.all([
      load('link', { rel: 'stylesheet', href: `${LEAFLET}/leaflet.css` }),
      load('link', { rel: 'stylesheet', href: '/assets/ministry-map.css' }),
      load('script', { src: `${LEAFLET}/leaflet.js` }),
    ]);
  return window.L;
}

async function loadShapes() {
  const res = await fetch(SHAPES, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json();
}

/** Leaflet writes attributions as HTML: our texts go in escaped. */
const escape = (text) =>
  String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

/** The class of a count: 0 for none, then 1–4 in equal steps up to `max`. */
function classOf(count, max) {
  return count === 0 ? 0 : Math.min(4, Math.ceil((count / max) * 4));
}

function legend(max) {
  const step = max / 4;
  const items = [el('li', {}, el('span', { class: 'swatch c0', 'aria-hidden': 'true' }), '0')];
  for (let i = 1; i <= 4 && max > 0; i++) {
    const low = Math.floor(step * (i - 1)) + 1;
    const high = Math.floor(step * i);
    if (high < low) continue;
    items.push(
      el(
        'li',
        {},
        el('span', { class: `swatch c${i}`, 'aria-hidden': 'true' }),
        low === high ? formatNumber(low) : `${formatNumber(low)}–${formatNumber(high)}`,
      ),
    );
  }
  items.push(
    el(
      'li',
      {},
      el('span', { class: 'dot covered', 'aria-hidden': 'true' }),
      t('web.ministry.mapCovered'),
    ),
    el(
      'li',
      {},
      el('span', { class: 'dot uncovered', 'aria-hidden': 'true' }),
      t('web.ministry.mapUncovered'),
    ),
  );
  document.getElementById('map-legend').replaceChildren(...items);
}

/** Builds the map in `container`; `show(month)` draws that month's figures. */
export async function createMap(container, tiles) {
  const [L, shapes] = await Promise.all([loadLeaflet(), loadShapes()]);
  const map = L.map(container, { zoomControl: false, scrollWheelZoom: false, zoomSnap: 0.25 });
  L.control
    .zoom({ zoomInTitle: t('web.ministry.mapZoomIn'), zoomOutTitle: t('web.ministry.mapZoomOut') })
    .addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  map.attributionControl.addAttribution(
    `${escape(t('web.ministry.mapShapes'))} © <a href="https://www.amcharts.com/">amCharts</a>`,
  );
  if (tiles)
    L.tileLayer(tiles.url, { attribution: escape(tiles.attribution), maxZoom: 18 }).addTo(map);
  const regions = L.geoJSON(shapes, {
    style: { weight: 1, color: '#4a4a4a', fillOpacity: tiles ? 0.6 : 0.9, fillColor: FILLS[0] },
  }).addTo(map);
  const bounds = regions.getBounds();
  map.fitBounds(bounds);
  // A phone turned or a window resized: the whole country stays in view.
  map.on('resize', () => map.fitBounds(bounds));
  const points = L.layerGroup().addTo(map);

  return {
    async show(month) {
      // Opened again after the page changed size (a phone turned): fit the country again.
      map.invalidateSize();
      map.fitBounds(bounds);
      const figures = await api(`/api/v1/stats/map?month=${month}&lang=${locale}`);
      const byCode = new Map(figures.regions.map((r) => [r.code, r]));
      const max = Math.max(0, ...figures.regions.map((r) => r.incidents));
      regions.eachLayer((layer) => {
        const region = byCode.get(layer.feature.properties.iso);
        const count = region?.incidents ?? 0;
        layer.setStyle({ fillColor: FILLS[classOf(count, max)] });
        const label = region?.label ?? layer.feature.properties.name;
        layer.unbindTooltip();
        layer.bindTooltip(el('span', {}, t('web.ministry.mapRegion', { who: label, n: count })), {
          sticky: true,
        });
        const path = layer.getElement();
        path.setAttribute('data-region', layer.feature.properties.iso);
        path.setAttribute('data-count', String(count));
      });
      points.clearLayers();
      for (const f of figures.facilities) {
        const marker = L.circleMarker([f.lat, f.lon], {
          radius: 4,
          weight: 1,
          color: '#ffffff',
          fillColor: f.covered ? COVERED : UNCOVERED,
          fillOpacity: 1,
        })
          .bindTooltip(
            el('span', {}, t('web.ministry.mapFacility', { who: f.name, n: f.incidents })),
          )
          .addTo(points);
        marker.getElement().setAttribute('data-covered', String(f.covered));
      }
      legend(max);
    },
  };
}
