import { api, el, formatNumber, label, t } from './common.js';
import { clearProblems, fillTable, refusalText, showProblems } from './admin-common.js';

// Regions and their facilities: the list of the chosen region, and the facility form.

const region = document.getElementById('region');
const table = document.getElementById('facilities');
const status = document.getElementById('facilities-status');
const more = document.getElementById('more-facilities');
const editor = document.getElementById('facility-editor');
const form = document.getElementById('facility-form');
const formStatus = document.getElementById('facility-status');
const title = document.getElementById('facility-editor-title');
let shown = [];
let cursor = null;
let editing = null;

async function load(append = false) {
  status.textContent = '';
  try {
    const page = await api(
      `/api/v1/facilities?regionId=${encodeURIComponent(region.value)}&limit=100${append && cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    shown = append ? [...shown, ...page.items] : page.items;
    cursor = page.nextCursor;
    more.hidden = !cursor;
    render();
  } catch (error) {
    status.textContent = refusalText(error);
  }
}

function render() {
  fillTable(
    table,
    shown.map((f) => [
      f.name,
      label('facilityType', f.type),
      formatNumber(f.staffCount),
      formatNumber(f.activeAccounts.staff),
      formatNumber(f.activeAccounts.facilityAdmin),
      `${formatNumber(f.lat, 4)}, ${formatNumber(f.lon, 4)}`,
      el(
        'span',
        { class: 'row-actions' },
        el(
          'button',
          { type: 'button', class: 'secondary', 'data-edit': f.id, onclick: () => open(f) },
          t('web.admin.edit'),
          el('span', { class: 'sr-only' }, ` ${f.name}`),
        ),
        el(
          'button',
          { type: 'button', class: 'secondary', 'data-delete': f.id, onclick: () => remove(f) },
          t('web.admin.delete'),
          el('span', { class: 'sr-only' }, ` ${f.name}`),
        ),
      ),
    ]),
    t('web.admin.directory.none'),
  );
}

function open(facility) {
  editing = facility;
  clearProblems(form);
  formStatus.textContent = '';
  title.textContent = facility ? facility.name : t('web.admin.directory.new');
  form.elements.name.value = facility?.name ?? '';
  form.elements.type.value = facility?.type ?? 'multi_profile_hospital';
  form.elements.regionId.value = facility?.regionId ?? region.value;
  form.elements.address.value = facility?.address ?? '';
  form.elements.lat.value = facility ? String(facility.lat) : '';
  form.elements.lon.value = facility ? String(facility.lon) : '';
  form.elements.staffCount.value = facility ? String(facility.staffCount) : '0';
  editor.hidden = false;
  title.focus();
}

/** A number field as the API takes it: a number when it reads as one, else the text (refused by name). */
const numberOf = (text) =>
  text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const e = form.elements;
  const body = {
    name: e.name.value.trim(),
    type: e.type.value,
    regionId: e.regionId.value,
    address: e.address.value.trim(),
    lat: numberOf(e.lat.value),
    lon: numberOf(e.lon.value),
    staffCount: numberOf(e.staffCount.value),
  };
  try {
    const saved = editing
      ? await api(`/api/v1/facilities/${editing.id}`, { method: 'PATCH', body })
      : await api('/api/v1/facilities', { method: 'POST', body });
    clearProblems(form);
    editor.hidden = true;
    if (saved.regionId !== region.value) region.value = saved.regionId;
    await load();
    status.textContent = t('web.admin.saved', { who: saved.name });
    table.querySelector(`[data-edit="${saved.id}"]`)?.focus();
  } catch (error) {
    showProblems(form, 'f', error, formStatus);
  }
});

async function remove(facility) {
  if (!confirm(t('web.admin.directory.confirmDelete', { who: facility.name }))) return;
  try {
    await api(`/api/v1/facilities/${facility.id}`, { method: 'DELETE' });
    await load();
    status.textContent = t('web.admin.deleted', { who: facility.name });
  } catch (error) {
    status.textContent = error.status === 409 ? t('web.admin.directory.inUse') : refusalText(error);
  }
}

document.getElementById('facility-cancel').addEventListener('click', () => {
  editor.hidden = true;
  document.getElementById('new-facility').focus();
});
document.getElementById('new-facility').addEventListener('click', () => open(null));
region.addEventListener('change', () => load());
more.addEventListener('click', () => load(true));
load();
