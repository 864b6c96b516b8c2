import { api, el, formatDate, problemText, t } from './common.js';

// The footage a report's devices were asked for, each request's state in words, and "Request
// footage" (a device of the report's facility, a window): on the facility's and the police
// console's report detail alike. It loads its own data, so a detail adds it with one line.

/** The form offers a wider window than the one a filing asks for. */
const WINDOW_MS = 30 * 60_000;

/** A moment as the value of a datetime-local input, in the browser's time. */
function localValue(ms) {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

function stateText(r) {
  const state = t(`web.requests.status.${r.status}`);
  return r.status === 'declined' && r.reason
    ? `${state}: ${t(`web.requests.reason.${r.reason}`)}`
    : state;
}

function requestLine(r) {
  const device = [r.device.serialNumber, r.device.unitName].filter(Boolean).join(', ');
  const when =
    r.status === 'open' || r.status === 'uploading'
      ? ` · ${t('web.requests.until', { at: formatDate(r.expiresAt) })}`
      : '';
  return el(
    'li',
    { 'data-request': r.id, 'data-status': r.status },
    el('strong', { class: 'request-state' }, stateText(r)),
    ` · ${device} · ${formatDate(r.from)} – ${formatDate(r.to)} · ${t(`web.requests.origin.${r.origin}`)}${when}`,
  );
}

/** The devices of the facility's units, for the request form. */
async function devicesOf(facilityId) {
  const units = await api(`/api/v1/units?facilityId=${facilityId}&limit=200`).catch(() => null);
  const lists = await Promise.all(
    (units?.items ?? []).map((u) =>
      api(`/api/v1/devices?unitId=${u.id}&limit=200`)
        .then((page) => page.items.map((d) => ({ ...d, unitName: u.name })))
        .catch(() => []),
    ),
  );
  return lists.flat();
}

function requestForm(id, incident, devices, reload) {
  const at = new Date(incident.occurredAt).getTime();
  const error = el('p', { class: 'error', id: 'request-error', role: 'alert' });
  const field = (name, text, input) =>
    el('div', { class: 'field' }, el('label', { for: `request-${name}` }, text), input);
  const form = el(
    'form',
    {
      id: 'request-form',
      class: 'card',
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        const f = event.target;
        const when = (v) => (v ? new Date(v).toISOString() : '');
        try {
          await api(`/api/v1/incidents/${id}/footage-requests`, {
            method: 'POST',
            body: { deviceId: f.deviceId.value, from: when(f.from.value), to: when(f.to.value) },
          });
          reload();
        } catch (problem) {
          error.textContent = t('web.requests.failed', { why: problemText(problem) });
        }
      },
    },
    el('h4', {}, t('web.requests.ask')),
    field(
      'device',
      t('web.requests.device'),
      el(
        'select',
        { id: 'request-device', name: 'deviceId' },
        devices.map((d) =>
          el('option', { value: d.id }, [d.serialNumber, d.unitName].filter(Boolean).join(', ')),
        ),
      ),
    ),
    field(
      'from',
      t('web.requests.from'),
      el('input', {
        id: 'request-from',
        name: 'from',
        type: 'datetime-local',
        value: localValue(at - WINDOW_MS),
      }),
    ),
    field(
      'to',
      t('web.requests.to'),
      el('input', {
        id: 'request-to',
        name: 'to',
        type: 'datetime-local',
        value: localValue(at + WINDOW_MS),
      }),
    ),
    error,
    el('button', { type: 'submit', class: 'primary' }, t('web.requests.ask')),
  );
  return form;
}

/** The requests part of a report's detail, with the form when the caller sees the facility's devices. */
export function footageRequestsSection(id, incident) {
  const list = el('div', { id: 'request-list-wrap' });
  const section = el(
    'section',
    { class: 'detail-part', id: 'footage-requests', 'aria-labelledby': 'footage-requests-title' },
    el('h3', { id: 'footage-requests-title' }, t('web.requests.title')),
    list,
  );
  const load = async () => {
    const [requests, devices] = await Promise.all([
      api(`/api/v1/incidents/${id}/footage-requests`).catch(() => []),
      devicesOf(incident.facilityId),
    ]);
    list.replaceChildren(
      requests.length
        ? el('ul', { class: 'list', id: 'request-list' }, requests.map(requestLine))
        : el('p', {}, t('web.requests.none')),
      ...(devices.length ? [requestForm(id, incident, devices, load)] : []),
    );
  };
  load();
  return section;
}
