import { api, data, el, label, problemText, t } from './common.js';

// Victim support, per victim: for each of the five kinds its state, due date and note; an
// overdue item is flagged in words and by its style. One button saves the whole list.
const ALMATY_MS = 5 * 3600_000;
/** A due date is the end of that day in Almaty. */
const dueAtOf = (date) => (date ? `${date}T23:59:00+05:00` : undefined);
const dateOf = (iso) =>
  iso ? new Date(new Date(iso).getTime() + ALMATY_MS).toISOString().slice(0, 10) : '';

function kindFields(v, kind, item) {
  const base = `support-${v}-${kind}`;
  const state = el(
    'select',
    { id: `${base}-state`, name: 'state' },
    el('option', { value: '' }, t('web.facility.support.notOffered')),
    data.supportStates.map((s) =>
      el('option', { value: s, selected: item?.state === s }, label('support.state', s)),
    ),
  );
  return el(
    'fieldset',
    {
      class: `support-kind${item?.overdue ? ' overdue' : ''}`,
      'data-victim': String(v),
      'data-kind': kind,
    },
    el(
      'legend',
      {},
      label('support.kind', kind),
      item?.overdue
        ? el('span', { class: 'badge overdue-flag' }, t('web.facility.support.overdue'))
        : null,
    ),
    el(
      'div',
      { class: 'field' },
      el('label', { for: `${base}-state` }, t('web.facility.support.state')),
      state,
    ),
    el(
      'div',
      { class: 'field' },
      el('label', { for: `${base}-due` }, t('web.facility.support.dueAt')),
      el('input', { id: `${base}-due`, name: 'dueAt', type: 'date', value: dateOf(item?.dueAt) }),
    ),
    el(
      'div',
      { class: 'field' },
      el('label', { for: `${base}-note` }, t('web.facility.support.note')),
      el(
        'textarea',
        { id: `${base}-note`, name: 'note', rows: '2', maxlength: '2000' },
        item?.note ?? '',
      ),
    ),
  );
}

function listOf(form) {
  const items = [];
  for (const group of form.querySelectorAll('.support-kind')) {
    const state = group.querySelector('[name=state]').value;
    if (!state) continue;
    const note = group.querySelector('[name=note]').value.trim();
    const dueAt = dueAtOf(group.querySelector('[name=dueAt]').value);
    items.push({
      victimIndex: Number(group.dataset.victim),
      kind: group.dataset.kind,
      state,
      ...(dueAt ? { dueAt } : {}),
      ...(note ? { note } : {}),
    });
  }
  return items;
}

export function supportSection(id, incident, items, reload) {
  const find = (v, kind) => items.find((i) => i.victimIndex === v && i.kind === kind);
  const form = el(
    'form',
    {
      id: 'support-form',
      novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        const status = document.getElementById('support-status');
        try {
          await api(`/api/v1/incidents/${id}/support`, { method: 'PUT', body: listOf(form) });
          await reload();
          document.getElementById('support-status').textContent = t('web.facility.support.saved');
        } catch (problem) {
          status.textContent = t('web.facility.detail.failed', { why: problemText(problem) });
        }
      },
    },
    incident.victims.map((v, n) =>
      el(
        'fieldset',
        { class: 'support-victim', id: `support-victim-${n}` },
        el(
          'legend',
          {},
          `${t('web.facility.detail.victim', { n: n + 1 })}: ${label('victimRole', v.role)}${v.fullName ? ` · ${v.fullName}` : ''}`,
        ),
        data.supportKinds.map((kind) => kindFields(n, kind, find(n, kind))),
      ),
    ),
    el('p', { id: 'support-status', class: 'status', role: 'status', 'aria-live': 'polite' }),
    el(
      'button',
      { type: 'submit', class: 'primary', id: 'support-save' },
      t('web.facility.support.save'),
    ),
  );
  return el(
    'section',
    { class: 'detail-part', id: 'support', 'aria-labelledby': 'support-title' },
    el('h3', { id: 'support-title' }, t('web.facility.support.title')),
    el('p', { class: 'lead' }, t('web.facility.support.lead')),
    form,
  );
}
