import { api, data, el, formatDate, label, t } from './common.js';
import { openReport } from './facility-detail.js';

// The facility's reports: filters kept in the address, the list newest first with "more", and
// the full report opened in the page (`?incident=<id>`), so reload and back keep their place.
const form = document.getElementById('report-filters');
const list = document.getElementById('report-list');
const detail = document.getElementById('report-detail');
const FIELDS = ['from', 'to', 'status', 'category', 'unitId'];
const DAY_MS = 24 * 3600_000;
const units = new Map((data.units ?? []).map((u) => [u.id, u.name]));
let cursor = null;
let shown = 0;

/** The start of a calendar day in Almaty, as the API's timestamp. */
const almatyDay = (date, plusDays = 0) =>
  new Date(new Date(`${date}T00:00:00+05:00`).getTime() + plusDays * DAY_MS).toISOString();

function pageUrl(params) {
  const url = new URL(location.href);
  for (const [k, v] of Object.entries(params)) {
    if (v) url.searchParams.set(k, v);
    else url.searchParams.delete(k);
  }
  return `${url.pathname}${url.search}`;
}

function query() {
  const url = new URL(location.href);
  const q = new URLSearchParams({ facilityId: data.facilityId, limit: '20' });
  const from = url.searchParams.get('from');
  const to = url.searchParams.get('to');
  if (from) q.set('from', almatyDay(from));
  if (to) q.set('to', almatyDay(to, 1));
  for (const k of ['status', 'category', 'unitId']) {
    const v = url.searchParams.get(k);
    if (v) q.set(k, v);
  }
  return q;
}

function row(i) {
  const href = pageUrl({ incident: i.id });
  return el(
    'tr',
    { 'data-incident': i.id },
    el(
      'td',
      {},
      el(
        'a',
        {
          href,
          class: 'report-link',
          onclick: (e) => {
            e.preventDefault();
            history.pushState({}, '', href);
            show();
          },
        },
        i.reference,
      ),
    ),
    el('td', {}, formatDate(i.occurredAt)),
    el('td', {}, label('category', i.classification.category)),
    el('td', {}, label('status', i.status)),
    el('td', {}, i.unitId ? (units.get(i.unitId) ?? '—') : '—'),
    el('td', { class: 'num' }, String(i.victimCount)),
  );
}

async function loadList(more = false) {
  const body = document.querySelector('#reports-table tbody');
  const status = document.getElementById('reports-status');
  const moreButton = document.getElementById('reports-more');
  if (!more) {
    body.replaceChildren();
    cursor = null;
    shown = 0;
  }
  const q = query();
  if (more && cursor) q.set('cursor', cursor);
  try {
    const page = await api(`/api/v1/incidents?${q}`);
    body.append(...page.items.map(row));
    shown += page.items.length;
    cursor = page.nextCursor;
    moreButton.hidden = !cursor;
    status.textContent = shown
      ? t('web.facility.reports.count', { n: shown })
      : t('web.facility.reports.none');
  } catch {
    status.textContent = t('web.facility.reports.loadFailed');
  }
}

/** Shows the list or the report the address names. */
async function show() {
  const id = new URL(location.href).searchParams.get('incident');
  if (!id) {
    detail.hidden = true;
    list.hidden = false;
    form.hidden = false;
    return;
  }
  list.hidden = true;
  form.hidden = true;
  detail.hidden = false;
  await openReport(id);
  document.getElementById('detail-title').focus();
}

async function fillCategories() {
  const select = document.getElementById('filter-category');
  const current = await api('/api/v1/classification/rule-sets/current').catch(() => null);
  for (const c of current?.categories ?? [])
    select.append(el('option', { value: c.code }, label('category', c.code)));
  select.value = new URL(location.href).searchParams.get('category') ?? '';
}

if (form) {
  const url = new URL(location.href);
  for (const k of FIELDS) form.elements[k].value = url.searchParams.get(k) ?? '';
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const params = Object.fromEntries(FIELDS.map((k) => [k, form.elements[k].value]));
    history.pushState({}, '', pageUrl({ ...params, incident: null }));
    loadList();
  });
  document.getElementById('reports-more').addEventListener('click', () => loadList(true));
  document.getElementById('detail-back').addEventListener('click', () => {
    history.pushState({}, '', pageUrl({ incident: null }));
    show();
    loadList();
  });
  window.addEventListener('popstate', () => {
    show();
    loadList();
  });
  fillCategories();
  loadList();
  show();
}
