import { api, data, el, formatDate, label, problemText, t } from './common.js';
import { reasonText } from './report-classification.js';
import { supportSection } from './facility-support.js';
import { footageSections } from './facility-footage.js';
import { eventSection, relatedOf } from './incident-event.js';
import { footageRequestsSection } from './footage-requests.js';

// One report in full, as the facility's safety officer works on it: classification and reasons,
// history, alerts with who acknowledged, footage (play, legal hold, link suggestions), the event
// it is in with related reports, addenda and victim support.
const title = document.getElementById('detail-title');
const body = document.getElementById('detail-body');

const section = (id, heading, ...content) =>
  el(
    'section',
    { class: 'detail-part', 'aria-labelledby': `${id}-title`, id },
    el('h3', { id: `${id}-title` }, heading),
    ...content,
  );
const fact = (name, value) => el('p', {}, el('strong', {}, `${name}: `), value ?? '—');

function penaltyText(p) {
  if (!p) return '—';
  return p.years
    ? `${label('penalty', p.kind)}, ${p.years} ${t('web.report.years')}`
    : label('penalty', p.kind);
}

function historyText(h) {
  const who = h.actor?.role ? ` · ${t('history.by', { who: label('role', h.actor.role) })}` : '';
  let what;
  if (h.type === 'status_changed')
    what = t('history.status_changed', {
      a: label('status', h.fromStatus),
      b: label('status', h.toStatus),
    });
  else if (h.type === 'reclassified')
    what = t('history.reclassified', {
      a: label('category', h.data?.from?.category ?? ''),
      b: label('category', h.data?.to?.category ?? ''),
    });
  else what = t(`history.${h.type}`);
  return `${formatDate(h.at)} · ${what}${h.note ? ` · ${h.note}` : ''}${who}`;
}

function alertsTable(alerts) {
  if (!alerts.length) return el('p', {}, t('web.facility.detail.noAlerts'));
  const head = [
    'web.facility.detail.post',
    'web.facility.detail.priority',
    'web.facility.detail.alertStatus',
    'web.facility.detail.acknowledged',
  ];
  return el(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'alerts-title' },
    el(
      'table',
      { id: 'alerts-table' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          head.map((k) => el('th', { scope: 'col' }, t(k))),
        ),
      ),
      el(
        'tbody',
        {},
        alerts.map((a) =>
          el(
            'tr',
            { 'data-alert': a.id },
            el('td', {}, a.postName ?? '—'),
            el('td', { class: 'num' }, String(a.priority)),
            el('td', {}, t(`web.facility.alert.${a.status}`)),
            el(
              'td',
              { class: 'acknowledged' },
              a.acknowledgedAt
                ? t('web.facility.detail.acknowledgedBy', {
                    who: a.acknowledgedBy?.name ?? '—',
                    at: formatDate(a.acknowledgedAt),
                  })
                : t('web.facility.detail.notAcknowledged'),
            ),
          ),
        ),
      ),
    ),
  );
}

function addendaPart(id, incident) {
  const error = 'addendum-error';
  return section(
    'addenda',
    t('web.facility.detail.addenda'),
    incident.addenda.length
      ? el(
          'ul',
          { class: 'list', id: 'addenda-list' },
          incident.addenda.map((a) => el('li', {}, `${formatDate(a.createdAt)} · ${a.text}`)),
        )
      : el('p', {}, t('web.facility.detail.noAddenda')),
    el(
      'form',
      {
        id: 'addendum-form',
        novalidate: true,
        onsubmit: async (e) => {
          e.preventDefault();
          try {
            await api(`/api/v1/incidents/${id}/addenda`, {
              method: 'POST',
              body: { text: e.target.text.value.trim() },
            });
            openReport(id);
          } catch (problem) {
            document.getElementById(error).textContent = t('web.facility.detail.failed', {
              why: problemText(problem),
            });
          }
        },
      },
      el('label', { for: 'addendum-text' }, t('web.facility.detail.addendum')),
      el('textarea', { id: 'addendum-text', name: 'text', rows: '3', maxlength: '5000' }),
      el('button', { type: 'submit', class: 'primary' }, t('web.facility.detail.addAddendum')),
      el('p', { class: 'error', id: error, role: 'alert' }),
    ),
  );
}

export async function openReport(id) {
  let incident, footage, suggestions, support, related;
  try {
    [incident, footage, suggestions, support, related] = await Promise.all([
      api(`/api/v1/incidents/${id}`),
      api(`/api/v1/incidents/${id}/footage`).catch(() => ({ items: [] })),
      api(`/api/v1/incidents/${id}/footage/suggestions`).catch(() => ({ items: [] })),
      api(`/api/v1/incidents/${id}/support`).catch(() => []),
      relatedOf(id),
    ]);
  } catch {
    title.textContent = t('web.facility.detail.loadFailed');
    body.replaceChildren();
    return;
  }
  const unit = data.units.find((u) => u.id === incident.unitId)?.name;
  const c = incident.classification;
  title.textContent = t('web.facility.detail.title', { ref: incident.reference });
  body.replaceChildren(
    section(
      'facts',
      t('web.facility.detail.facts'),
      fact(t('web.report.status'), label('status', incident.status)),
      fact(t('web.report.occurredAt'), formatDate(incident.occurredAt)),
      fact(t('web.report.kind'), label('kind', incident.kind)),
      fact(t('web.report.place'), label('placeKind', incident.place.kind)),
      fact(t('web.report.unit'), unit),
      fact(t('web.facility.detail.narrative'), incident.narrative),
      el('h4', {}, t('web.facility.detail.victims')),
      el(
        'ul',
        { class: 'list' },
        incident.victims.map((v, n) =>
          el(
            'li',
            {},
            `${t('web.facility.detail.victim', { n: n + 1 })}: ${label('victimRole', v.role)}, ${label('injury', v.injury)}${v.fullName ? ` · ${v.fullName}` : ''}`,
          ),
        ),
      ),
    ),
    section(
      'classification',
      t('web.facility.detail.classification'),
      el('p', { id: 'category' }, el('strong', {}, label('category', c.category))),
      el('p', {}, t('web.facility.detail.article', { art: c.article })),
      fact(t('web.report.maxPenalty'), penaltyText(c.maxPenalty)),
      el('h4', {}, t('web.facility.detail.reasons')),
      el(
        'ul',
        { class: 'list', id: 'reasons' },
        c.reasons.map((r) => el('li', {}, reasonText(r))),
      ),
    ),
    section('alerts', t('web.facility.detail.alerts'), alertsTable(incident.alerts)),
    section(
      'history',
      t('web.facility.detail.history'),
      el(
        'ul',
        { class: 'list', id: 'history-list' },
        incident.history.map((h) => el('li', { 'data-type': h.type }, historyText(h))),
      ),
    ),
    ...footageSections(id, footage, suggestions, () => openReport(id)),
    footageRequestsSection(id, incident),
    eventSection(id, incident, related, () => openReport(id)),
    addendaPart(id, incident),
    supportSection(id, incident, support, () => openReport(id)),
  );
}
