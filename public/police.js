import { api, ApiError, data, el, formatDate, label, problemText, t } from './common.js';
import { footageList } from './police-footage.js';
import './police-roster.js';

// The police console: the post's alerts live over server-sent events. EventSource reconnects by
// itself and sends Last-Event-ID, so alerts raised while disconnected arrive on reconnection.
const alertsList = document.getElementById('alerts');
const connection = document.getElementById('connection');
const detail = document.getElementById('detail');
const detailBody = document.getElementById('detail-body');
const alerts = new Map();
let audio = null;

function beep() {
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.25, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.6);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.6);
  } catch {
    /* no audio device: the flash still shows */
  }
}
document.getElementById('sound').addEventListener('click', (e) => {
  audio ??= new AudioContext();
  audio.resume();
  e.target.hidden = true;
});

/** Newest and gravest first: unacknowledged before acknowledged, then priority, then time. */
function render() {
  const sorted = [...alerts.values()].sort(
    (a, b) =>
      Number(!!a.acknowledgedAt) - Number(!!b.acknowledgedAt) ||
      a.priority - b.priority ||
      new Date(b.createdAt) - new Date(a.createdAt),
  );
  alertsList.replaceChildren(
    ...(sorted.length ? sorted.map(row) : [el('li', {}, t('web.police.noAlerts'))]),
  );
}

function row(a) {
  const acknowledged = !!a.acknowledgedAt;
  return el(
    'li',
    {
      class: `${a.fresh ? 'new' : ''} ${a.priority <= 2 ? 'priority-high' : ''}`,
      'data-alert': a.id,
    },
    el(
      'div',
      {},
      el('strong', {}, a.incident?.reference ?? ''),
      ' · ',
      label('category', a.incident?.category),
      el('br'),
      el(
        'span',
        {},
        `${a.incident?.facility?.name ?? ''} · ${formatDate(a.incident?.occurredAt ?? a.createdAt)}`,
      ),
      ' ',
      el(
        'span',
        { class: 'badge' },
        acknowledged ? t('web.police.acknowledged') : label('status', 'submitted'),
      ),
      a.escalatedTo && !acknowledged
        ? el(
            'span',
            { class: 'badge escalated' },
            t('web.police.escalatedTo', { to: a.escalatedTo.name ?? '' }),
          )
        : null,
    ),
    el(
      'div',
      {},
      acknowledged
        ? null
        : el(
            'button',
            { type: 'button', class: 'primary ack', onclick: () => acknowledge(a) },
            t('web.police.acknowledge'),
          ),
      el(
        'button',
        { type: 'button', class: 'secondary', onclick: () => openIncident(a.incidentId) },
        t('web.police.open'),
      ),
    ),
  );
}

async function acknowledge(a) {
  try {
    const updated = await api(`/api/v1/alerts/${a.id}/ack`, { method: 'POST' });
    alerts.set(a.id, { ...a, ...updated, fresh: false });
    render();
    if (detail.dataset.incident === a.incidentId) openIncident(a.incidentId);
  } catch (e) {
    connection.textContent = e instanceof ApiError ? problemText(e) : t('web.networkError');
  }
}

/** Opens the stream from where the list was read, so nothing committed in between is missed. */
function connect(position) {
  const query = position ? `?lastEventId=${encodeURIComponent(position)}` : '';
  const source = new EventSource(`/api/v1/alerts/stream${query}`);
  source.addEventListener('open', () => {
    connection.textContent = t('web.police.live');
    connection.className = 'connection live';
  });
  source.addEventListener('error', () => {
    connection.textContent = t('web.police.reconnecting');
    connection.className = 'connection down';
  });
  source.addEventListener('alert', (e) => {
    const a = JSON.parse(e.data);
    const known = alerts.has(a.id);
    alerts.set(a.id, { ...a, fresh: !known });
    render();
    if (!known) {
      beep();
      document.title = `● ${t('web.police.newAlert')} · ${t('web.police.title')}`;
    }
  });
  // An acknowledgement, a changed category or report, or an escalation to a desk: the alert as
  // it now is replaces what the list shows.
  for (const type of ['acknowledged', 'updated', 'escalated']) {
    source.addEventListener(type, (e) => {
      const a = JSON.parse(e.data);
      alerts.set(a.id, { ...alerts.get(a.id), ...a, fresh: type === 'updated' });
      render();
      if (type === 'updated' && detail.dataset.incident === a.incidentId)
        openIncident(a.incidentId);
    });
  }
}

async function loadRecent() {
  try {
    const page = await api('/api/v1/alerts?limit=50');
    for (const a of page.items) if (!alerts.has(a.id)) alerts.set(a.id, { ...a, fresh: false });
    render();
    return page.streamPosition;
  } catch {
    render();
    return undefined;
  }
}

async function openIncident(id) {
  detail.dataset.incident = id;
  detail.hidden = false;
  const [incident, footage, suggestions] = await Promise.all([
    api(`/api/v1/incidents/${id}`),
    api(`/api/v1/incidents/${id}/footage`).catch(() => ({ items: [] })),
    api(`/api/v1/incidents/${id}/footage/suggestions`).catch(() => ({ items: [] })),
  ]);
  const field = (labelText, value) => el('p', {}, el('strong', {}, `${labelText}: `), value ?? '—');
  const statusSelect = el(
    'select',
    { id: 'new-status', name: 'status' },
    ['acknowledged', 'investigating', 'referred_to_prosecution', 'closed'].map((s) =>
      el('option', { value: s }, label('status', s)),
    ),
  );
  const categories =
    (await api('/api/v1/classification/rule-sets/current').catch(() => null))?.categories ?? [];
  detailBody.replaceChildren(
    field(t('web.report.reference'), incident.reference),
    field(
      t('web.report.status'),
      el('span', { id: 'detail-status' }, label('status', incident.status)),
    ),
    field(
      t('web.report.classification'),
      `${label('category', incident.classification.category)} (158-1)`,
    ),
    field(t('web.report.occurredAt'), formatDate(incident.occurredAt)),
    field(t('web.report.kind'), label('kind', incident.kind)),
    field(t('web.report.address'), incident.place.address),
    field(t('web.report.narrative'), incident.narrative),
    el('h3', {}, t('web.police.history')),
    el(
      'ul',
      { class: 'list' },
      incident.history.map((h) =>
        el(
          'li',
          {},
          `${formatDate(h.at)} · ${h.toStatus ? label('status', h.toStatus) : h.type}${h.note ? ` · ${h.note}` : ''}`,
        ),
      ),
    ),
    el(
      'form',
      { id: 'status-form', class: 'card', novalidate: true, onsubmit: (e) => changeStatus(e, id) },
      el('h3', {}, t('web.police.changeStatus')),
      el(
        'div',
        { class: 'field' },
        el('label', { for: 'new-status' }, t('web.report.status')),
        statusSelect,
      ),
      el(
        'div',
        { class: 'field' },
        el('label', { for: 'erdr' }, t('web.police.erdr')),
        el('input', { id: 'erdr', name: 'erdrNumber', inputmode: 'numeric' }),
      ),
      el(
        'div',
        { class: 'field' },
        el('label', { for: 'outcome' }, t('web.police.outcome')),
        el(
          'select',
          { id: 'outcome', name: 'outcome' },
          el('option', { value: '' }, '—'),
          data.outcomes.map((o) => el('option', { value: o }, label('outcome', o))),
        ),
      ),
      el(
        'div',
        { class: 'field' },
        el('label', { for: 'status-note' }, t('web.police.note')),
        el('input', { id: 'status-note', name: 'note' }),
      ),
      el('p', { class: 'error', id: 'status-error', role: 'alert' }),
      el('button', { type: 'submit', class: 'primary' }, t('web.police.save')),
    ),
    el(
      'form',
      {
        id: 'reclassify-form',
        class: 'card',
        novalidate: true,
        onsubmit: (e) => reclassify(e, id),
      },
      el('h3', {}, t('web.police.reclassify')),
      el(
        'div',
        { class: 'field' },
        el('label', { for: 'new-category' }, t('stats.category')),
        el(
          'select',
          { id: 'new-category', name: 'category' },
          categories.map((c) => el('option', { value: c.code }, label('category', c.code))),
        ),
      ),
      el(
        'div',
        { class: 'field' },
        el('label', { for: 'reason' }, t('web.police.reason')),
        el('input', { id: 'reason', name: 'reason', required: true }),
      ),
      el('p', { class: 'error', id: 'reclassify-error', role: 'alert' }),
      el('button', { type: 'submit', class: 'primary' }, t('web.police.save')),
    ),
    el('h3', {}, t('web.police.footage')),
    footageList(footage.items),
    el('h3', {}, t('web.police.suggested')),
    footageList(suggestions.items, {
      onLink: async (f) => {
        await api(`/api/v1/incidents/${id}/footage`, { method: 'POST', body: { footageId: f.id } });
        openIncident(id);
      },
    }),
    el('div', { id: 'player' }),
  );
}

async function changeStatus(event, id) {
  event.preventDefault();
  const f = event.target;
  const body = { status: f.status.value };
  if (f.erdrNumber.value) body.erdrNumber = f.erdrNumber.value.trim();
  if (f.outcome.value) body.outcome = f.outcome.value;
  if (f.note.value) body.note = f.note.value.trim();
  try {
    await api(`/api/v1/incidents/${id}/status`, { method: 'PATCH', body });
    openIncident(id);
  } catch (e) {
    showProblem(event.target, 'status-error', e);
  }
}

async function reclassify(event, id) {
  event.preventDefault();
  const f = event.target;
  try {
    await api(`/api/v1/incidents/${id}/reclassify`, {
      method: 'POST',
      body: { category: f.category.value, reason: f.reason.value.trim() },
    });
    openIncident(id);
  } catch (e) {
    showProblem(event.target, 'reclassify-error', e);
  }
}

/** Marks the field the API named and says what is wrong, in the user's language. */
function showProblem(form, messageId, error) {
  for (const input of form.querySelectorAll('[aria-invalid]'))
    input.removeAttribute('aria-invalid');
  const field = error?.body?.details?.[0]?.field;
  const input = field ? form.querySelector(`[name="${field}"]`) : null;
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', messageId);
    input.focus();
  }
  document.getElementById(messageId).textContent = problemText(error);
}

loadRecent().then((position) => connect(position));
