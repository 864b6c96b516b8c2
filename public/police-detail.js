import { api, data, el, formatDate, label, problemText, t } from './common.js';
import { footageList } from './police-footage.js';
import { eventSection, relatedOf } from './incident-event.js';
import { evidencePackageBlock } from './police-packages.js';
import { footageRequestsSection } from './footage-requests.js';

// One incident beside the console's list: its facts, history, footage, status and category.
const detail = document.getElementById('detail');
const detailBody = document.getElementById('detail-body');

/** True when the detail shows this incident. */
export function showing(incidentId) {
  return detail.dataset.incident === incidentId;
}

export async function openIncident(id) {
  detail.dataset.incident = id;
  detail.hidden = false;
  const [incident, footage, suggestions, related] = await Promise.all([
    api(`/api/v1/incidents/${id}`),
    api(`/api/v1/incidents/${id}/footage`).catch(() => ({ items: [] })),
    api(`/api/v1/incidents/${id}/footage/suggestions`).catch(() => ({ items: [] })),
    relatedOf(id),
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
  const event = eventSection(id, incident, related, () => openIncident(id));
  detailBody.replaceChildren(
    field(t('web.report.reference'), incident.reference),
    field(
      t('web.report.status'),
      el('span', { id: 'detail-status' }, label('status', incident.status)),
    ),
    field(
      t('web.report.classification'),
      el(
        'span',
        { id: 'detail-category' },
        `${label('category', incident.classification.category)} (158-1)`,
      ),
    ),
    field(t('web.report.occurredAt'), formatDate(incident.occurredAt)),
    field(t('web.report.kind'), label('kind', incident.kind)),
    field(t('web.report.address'), incident.place.address),
    field(t('web.report.narrative'), incident.narrative),
    ...(incident.addenda?.length
      ? [
          el('h3', {}, t('web.police.addenda')),
          el(
            'ul',
            { class: 'list', id: 'addenda' },
            incident.addenda.map((a) => el('li', {}, `${formatDate(a.createdAt)} · ${a.text}`)),
          ),
        ]
      : []),
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
    event,
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
    footageRequestsSection(id, incident),
    evidencePackageBlock(id, footage.items),
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
