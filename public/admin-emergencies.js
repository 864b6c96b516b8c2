import { api, data, el, formatDate, t } from './common.js';
import {
  clearProblems,
  fillTable,
  problemMessage,
  refusalText,
  showProblems,
} from './admin-common.js';
import { almatyIso, almatyLocal } from './report-time.js';

// States of emergency: the list with ending one early, and recording a new one.

const regionName = new Map(data.regions.map((r) => [r.id, r.name]));
const table = document.getElementById('emergencies');
const status = document.getElementById('emergencies-status');
const form = document.getElementById('emergency-form');
const formStatus = document.getElementById('emergency-status');

function stateOf(e, now) {
  if (Date.parse(e.to) <= now) return t('web.admin.emergencies.ended');
  if (Date.parse(e.from) > now) return t('web.admin.emergencies.planned');
  return t('web.admin.emergencies.inForce');
}

/** The new end of one regime: a time and a button, with its problem beside them. */
function endControl(e, now) {
  if (Date.parse(e.to) <= now) return '';
  const id = `end-${e.id}`;
  const input = el('input', {
    id,
    type: 'datetime-local',
    value: almatyLocal(new Date(Math.max(now, Date.parse(e.from)) + 3600_000)),
  });
  const error = el('p', { class: 'error', id: `${id}-error` });
  const button = el(
    'button',
    { type: 'button', class: 'secondary', 'data-end': e.id },
    t('web.admin.emergencies.endButton'),
  );
  button.addEventListener('click', async () => {
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    try {
      await api(`/api/v1/emergencies/${e.id}`, {
        method: 'PATCH',
        body: { to: almatyIso(input.value) },
      });
      await load();
      status.textContent = t('web.admin.emergencies.endedNow');
    } catch (err) {
      const detail = err?.body?.details?.[0];
      error.textContent = detail ? problemMessage(detail) : refusalText(err);
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', error.id);
      input.focus();
    }
  });
  return el(
    'div',
    { class: 'end-early' },
    el('label', { for: id, class: 'sr-only' }, t('web.admin.emergencies.newEnd')),
    input,
    button,
    error,
  );
}

async function load() {
  try {
    const { items } = await api('/api/v1/emergencies?limit=200');
    const now = Date.now();
    fillTable(
      table,
      items.map((e) => [
        e.regionId ? (regionName.get(e.regionId) ?? '') : t('web.admin.national'),
        formatDate(e.from),
        formatDate(e.to),
        e.description,
        stateOf(e, now),
        endControl(e, now),
      ]),
      t('web.admin.emergencies.none'),
    );
  } catch (error) {
    status.textContent = refusalText(error);
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const e = form.elements;
  const body = {
    regionId: e.regionId.value || null,
    from: e.from.value ? almatyIso(e.from.value) : '',
    to: e.to.value ? almatyIso(e.to.value) : '',
    description: e.description.value.trim(),
  };
  try {
    await api('/api/v1/emergencies', { method: 'POST', body });
    clearProblems(form);
    form.reset();
    formStatus.textContent = t('web.admin.emergencies.recorded');
    await load();
  } catch (error) {
    showProblems(form, 'e', error, formStatus);
  }
});

load();
