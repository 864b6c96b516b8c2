import { el, formatDate, t } from './common.js';

// The police console's footage of an incident: linked footage plays in the page, suggested
// footage can be linked. Each says who sent it and whether its object failed a check.

/** A list of footage; with `onLink`, each item offers to link it instead of playing it. */
export function footageList(items, { onLink } = {}) {
  if (!items.length) return el('p', {}, t('web.police.noFootage'));
  return el(
    'ul',
    { class: 'list' },
    items.map((f) =>
      el(
        'li',
        {},
        `${f.fileName ?? f.contentType} · ${formatDate(f.recordedFrom ?? f.createdAt)} `,
        // Footage a person uploaded never passes for a device's own recording.
        f.uploadedBy === 'person'
          ? el('span', { class: 'badge uploaded-by-person' }, t('web.police.uploadedByPerson'))
          : null,
        f.status === 'integrity_failed'
          ? el('span', { class: 'badge integrity-failed' }, t('web.police.integrityFailed'))
          : null,
        ' ',
        onLink
          ? el(
              'button',
              { type: 'button', class: 'secondary', onclick: () => onLink(f) },
              t('web.police.link'),
            )
          : el(
              'button',
              { type: 'button', class: 'secondary play', onclick: () => play(f) },
              t('web.police.play'),
            ),
      ),
    ),
  );
}

function play(f) {
  const player = document.getElementById('player');
  player.replaceChildren(
    el('video', {
      controls: true,
      autoplay: true,
      preload: 'auto',
      src: `/api/v1/footage/${f.id}/content`,
      'aria-label': f.fileName ?? t('web.police.footage'),
    }),
  );
}
