import { api, ApiError, el, formatDate, label, problemText, t } from './common.js';

// The facility admin's open SOS: sent from the facility and not yet followed by a report. Each
// stays here until a report attaches to it or the admin closes it with a reason (the police see
// it closed on their console; its alerts stay there until an officer acknowledges them).
const section = document.getElementById('open-sos');
const list = document.getElementById('open-sos-list');

function row(sos) {
  const where = sos.location;
  const reason = el('input', {
    name: 'reason',
    required: 'required',
    maxlength: '500',
    id: `reason-${sos.id}`,
  });
  const status = el('p', { class: 'status', role: 'status' });
  const close = el(
    'button',
    {
      type: 'button',
      class: 'secondary close-sos',
      onclick: async () => {
        if (!reason.value.trim()) {
          reason.setAttribute('aria-invalid', 'true');
          status.textContent = t('web.error.required');
          reason.focus();
          return;
        }
        close.disabled = true;
        try {
          await api(`/api/v1/sos/${sos.id}/close`, {
            method: 'POST',
            body: { reason: reason.value.trim() },
          });
          item.remove();
          if (!list.children.length) render([]);
        } catch (e) {
          close.disabled = false;
          status.textContent = e instanceof ApiError ? problemText(e) : t('web.networkError');
        }
      },
    },
    t('web.sos.close'),
  );
  const item = el(
    'li',
    { 'data-sos': sos.id },
    el('strong', {}, sos.reference),
    ` · ${formatDate(sos.createdAt)} · ${label('placeKind', sos.placeKind)}`,
    el('br'),
    `${t('web.police.sosLocation')}: ${where.lat.toFixed(5)}, ${where.lon.toFixed(5)} `,
    el(
      'a',
      { href: where.mapUrl, target: '_blank', rel: 'noopener noreferrer' },
      t('web.police.sosMap'),
    ),
    el(
      'div',
      { class: 'field' },
      el('label', { for: `reason-${sos.id}` }, t('web.sos.closeReason')),
      reason,
    ),
    close,
    status,
  );
  return item;
}

function render(items) {
  list.replaceChildren(...(items.length ? items.map(row) : [el('li', {}, t('web.sos.noneOpen'))]));
}

async function load() {
  try {
    const page = await api('/api/v1/sos?status=open&limit=50');
    render(page.items);
  } catch (e) {
    list.replaceChildren(
      el('li', {}, e instanceof ApiError ? problemText(e) : t('web.networkError')),
    );
  }
}

if (section) load();
