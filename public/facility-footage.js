import { api, data, el, formatDate, label, problemText, t } from './common.js';

// The footage of a report on the facility's detail: play, legal hold, and linking suggestions.

/** Who may release a hold set by whom (src/footage/legal-hold-rules.ts). */
const AUTHORITY = { facility_admin: 1, police: 2, admin: 2 };
const mayRelease = (heldBy) => AUTHORITY[data.role] >= AUTHORITY[heldBy ?? 'facility_admin'];

const section = (id, heading, ...content) =>
  el(
    'section',
    { class: 'detail-part', 'aria-labelledby': `${id}-title`, id },
    el('h3', { id: `${id}-title` }, heading),
    ...content,
  );

function play(f) {
  document.getElementById('player').replaceChildren(
    el('video', {
      id: 'footage-video',
      controls: true,
      preload: 'auto',
      src: `/api/v1/footage/${f.id}/content`,
      'aria-label': f.fileName ?? t('web.facility.detail.footage'),
    }),
  );
}

/** A small form with a reason, for setting or releasing a hold. */
function holdForm(id, f, hold, reopen) {
  const input = `hold-reason-${f.id}`;
  const error = `hold-error-${f.id}`;
  return el(
    'form',
    {
      class: 'hold-form',
      novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        try {
          await api(`/api/v1/footage/${f.id}/legal-hold`, {
            method: 'PUT',
            body: { legalHold: hold, reason: e.target.reason.value.trim() },
          });
          reopen();
        } catch (problem) {
          document.getElementById(error).textContent = t('web.facility.detail.failed', {
            why: problemText(problem),
          });
        }
      },
    },
    el(
      'label',
      { for: input },
      t(hold ? 'web.facility.detail.holdReason' : 'web.facility.detail.releaseReason'),
    ),
    el('input', { id: input, name: 'reason', required: true, maxlength: '500' }),
    el(
      'button',
      { type: 'submit', class: hold ? 'secondary hold' : 'secondary release' },
      t(hold ? 'web.facility.detail.hold' : 'web.facility.detail.release'),
    ),
    el('p', { class: 'error', id: error, role: 'alert' }),
  );
}

function footageItem(id, f, reopen) {
  const hold = f.legalHold
    ? [
        el(
          'p',
          { class: 'badge on-hold' },
          t('web.facility.detail.onHold', { by: label('role', f.legalHoldBy) }),
        ),
        mayRelease(f.legalHoldBy)
          ? holdForm(id, f, false, reopen)
          : el('p', { class: 'lead' }, t('web.facility.detail.holdOnlyPolice')),
      ]
    : [holdForm(id, f, true, reopen)];
  return el(
    'li',
    { 'data-footage': f.id },
    el('p', {}, `${f.fileName ?? f.contentType} · ${formatDate(f.recordedFrom ?? f.createdAt)}`),
    el(
      'button',
      { type: 'button', class: 'secondary play', onclick: () => play(f) },
      t('web.facility.detail.play'),
    ),
    ...hold,
  );
}

/** The footage linked to the report and the suggestions, as two parts of the detail. */
export function footageSections(id, footage, suggestions, reopen) {
  const linked = new Set(footage.items.map((f) => f.id));
  return [
    section(
      'footage',
      t('web.facility.detail.footage'),
      footage.items.length
        ? el(
            'ul',
            { class: 'list', id: 'footage-list' },
            footage.items.map((f) => footageItem(id, f, reopen)),
          )
        : el('p', {}, t('web.facility.detail.noFootage')),
      el('div', { id: 'player' }),
    ),
    section(
      'suggested',
      t('web.facility.detail.suggested'),
      suggestions.items.filter((f) => !linked.has(f.id)).length
        ? el(
            'ul',
            { class: 'list', id: 'suggested-list' },
            suggestions.items
              .filter((f) => !linked.has(f.id))
              .map((f) =>
                el(
                  'li',
                  { 'data-footage': f.id },
                  `${f.fileName ?? f.contentType} · ${formatDate(f.recordedFrom ?? f.createdAt)} `,
                  el(
                    'button',
                    {
                      type: 'button',
                      class: 'secondary link-footage',
                      onclick: async () => {
                        await api(`/api/v1/incidents/${id}/footage`, {
                          method: 'POST',
                          body: { footageId: f.id },
                        }).catch(() => undefined);
                        reopen();
                      },
                    },
                    t('web.facility.detail.link'),
                  ),
                ),
              ),
          )
        : el('p', {}, t('web.facility.detail.noFootage')),
    ),
  ];
}
