import { el, t } from './common.js';

// An SOS on the police console: where the person who tapped it is — coordinates, the phone's
// accuracy and a map link — and what became of it (a report filed, or closed by the facility).
export function sosLines(a) {
  const s = a.sos;
  if (!s) return null;
  const where = s.location;
  const state =
    s.status === 'closed'
      ? t('web.police.sosClosed')
      : s.status === 'attached'
        ? t('web.police.sosAttached')
        : null;
  const head = [
    el('span', { class: 'badge sos' }, t('web.police.sos')),
    ' ',
    el('strong', {}, s.reference),
    state ? el('span', { class: 'badge' }, state) : null,
  ];
  // Erased with the personal data of its report once the retention period ran out.
  if (!where) return el('div', { class: 'sos-alert', 'data-sos': s.id }, ...head);
  const precision =
    where.source === 'facility'
      ? t('web.police.sosApproximate')
      : where.accuracyM !== null && where.accuracyM !== undefined
        ? t('web.police.sosAccuracy', { m: Math.round(where.accuracyM) })
        : '';
  return el(
    'div',
    { class: 'sos-alert', 'data-sos': s.id },
    ...head,
    el('br'),
    `${t('web.police.sosLocation')}: `,
    el('span', { class: 'sos-coordinates' }, `${where.lat.toFixed(5)}, ${where.lon.toFixed(5)}`),
    precision ? ` (${precision}) ` : ' ',
    el(
      'a',
      { href: where.mapUrl, target: '_blank', rel: 'noopener noreferrer', class: 'sos-map' },
      t('web.police.sosMap'),
    ),
  );
}
