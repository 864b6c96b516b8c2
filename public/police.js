import { api, ApiError, el, formatDate, label, problemText, t } from './common.js';
import { alarmFor } from './police-alarm.js';
import { openIncident, showing } from './police-detail.js';
import { offerPush } from './police-push.js';

// The police console: the post's alerts live over server-sent events. EventSource reconnects by
// itself and sends Last-Event-ID, so alerts raised while disconnected arrive on reconnection.
const alertsList = document.getElementById('alerts');
const connection = document.getElementById('connection');
const alerts = new Map();

/**
 * Alerts still waiting for this post's answer, whether raised before the console opened or
 * while it was open: the alarm sounds while there are any. One that escalated is the desk's to
 * answer now; it stays in the list, and can still be acknowledged here.
 */
const waiting = (a) => !a.acknowledgedAt && !['acknowledged', 'escalated'].includes(a.status);

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
  alarmFor(sorted.filter(waiting).length);
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
      a.change ? el('span', { class: 'badge updated' }, a.change) : null,
      acknowledged
        ? el(
            'p',
            { class: 'acknowledged-by' },
            t('web.police.acknowledgedBy', {
              who: a.acknowledgedByName ?? '—',
              at: formatDate(a.acknowledgedAt),
            }),
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
    if (showing(a.incidentId)) openIncident(a.incidentId);
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
    const known = alerts.get(a.id);
    alerts.set(a.id, { ...known, ...a, fresh: known ? known.fresh : true });
    render();
  });
  // An acknowledgement, a changed category or report, or an escalation to a desk: the alert as
  // it now is replaces what the list shows.
  for (const type of ['acknowledged', 'updated', 'escalated']) {
    source.addEventListener(type, (e) => {
      const a = JSON.parse(e.data);
      const before = alerts.get(a.id);
      const change = type === 'updated' ? changeOf(before, a) : before?.change;
      alerts.set(a.id, {
        ...before,
        ...a,
        change,
        fresh: type === 'updated' || (type === 'escalated' && !!before?.fresh),
      });
      render();
      if (type === 'updated' && showing(a.incidentId)) openIncident(a.incidentId);
    });
  }
}

/** What an `updated` event changed, as the list says it: the new category, else "Updated". */
function changeOf(before, after) {
  const category = after.incident?.category;
  if (before && category && category !== before.incident?.category)
    return t('web.police.reclassified', { new: label('category', category) });
  return t('web.police.updated');
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

/** The alert a notification or a link points at (`?alert=<id>`): its incident opens. */
function openAlert(alertId) {
  const a = alerts.get(alertId);
  if (a) openIncident(a.incidentId);
}
navigator.serviceWorker?.addEventListener('message', (e) => {
  if (e.data?.type === 'open-alert') openAlert(e.data.alertId);
});

loadRecent().then((position) => {
  connect(position);
  const linked = new URLSearchParams(location.search).get('alert');
  if (linked) openAlert(linked);
});
offerPush();
