import { api, el, formatDate, label, problemText, t } from './common.js';

// The event a report is in (several reports of one attack), the reports that may be the same
// attack with the reasons, "Join" and "Take out of event": on the facility's and the police
// console's report detail alike.

function whyText(r) {
  if (r.code === 'nearby_address') return t('web.event.why.nearby_address', { m: r.metres });
  if (r.code === 'close_in_time') return t('web.event.why.close_in_time', { n: r.minutes });
  return t(`web.event.why.${r.code}`);
}

/** The reports that may be the same attack; none when the caller may not ask. */
export function relatedOf(id) {
  return api(`/api/v1/incidents/${id}/related`).catch(() => []);
}

/**
 * The event part of a report's detail, with the suggestions `relatedOf` read; `reopen` shows the
 * report again after a change.
 */
export function eventSection(id, incident, related, reopen) {
  const error = el('p', { class: 'error', id: 'event-error', role: 'alert' });
  const reason = el('input', { id: 'event-reason', name: 'reason', maxlength: '1000' });
  const act = async (path, options) => {
    const why = reason.value.trim();
    try {
      await api(path, { ...options, body: { ...options.body, ...(why ? { reason: why } : {}) } });
      reopen();
    } catch (problem) {
      error.textContent = t('web.event.failed', { why: problemText(problem) });
    }
  };
  const event = incident.event;
  const current = event
    ? [
        el(
          'p',
          { id: 'event-workers' },
          t('web.event.workers', { n: event.distinctMedicalWorkers }),
        ),
        el('h4', {}, t('web.event.reports')),
        el(
          'ul',
          { class: 'list', id: 'event-reports' },
          event.reports.map((r) =>
            el(
              'li',
              { 'data-incident': r.id },
              `${r.reference} · ${formatDate(r.occurredAt)} · ${label('category', r.category)}`,
            ),
          ),
        ),
        el(
          'button',
          {
            type: 'button',
            id: 'event-leave',
            class: 'secondary',
            onclick: () => act(`/api/v1/incidents/${id}/event`, { method: 'DELETE', body: {} }),
          },
          t('web.event.leave'),
        ),
      ]
    : [el('p', {}, t('web.event.none'))];
  return el(
    'section',
    { class: 'detail-part', id: 'event', 'aria-labelledby': 'event-title' },
    el('h3', { id: 'event-title' }, t('web.event.title')),
    ...current,
    el('h4', {}, t('web.event.related')),
    related.length
      ? el(
          'ul',
          { class: 'list', id: 'related-list' },
          related.map((r) =>
            el(
              'li',
              { 'data-incident': r.incidentId },
              `${r.reference} · ${formatDate(r.occurredAt)} · ${label('category', r.category)} · ${r.reasons.map(whyText).join(', ')} `,
              el(
                'button',
                {
                  type: 'button',
                  class: 'secondary join-event',
                  onclick: () =>
                    act(`/api/v1/incidents/${id}/event`, {
                      method: 'POST',
                      body: { incidentId: r.incidentId },
                    }),
                },
                t('web.event.join'),
              ),
            ),
          ),
        )
      : el('p', {}, t('web.event.noRelated')),
    el('label', { for: 'event-reason' }, t('web.event.reason')),
    reason,
    error,
  );
}
