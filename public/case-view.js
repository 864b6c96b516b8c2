import { el, formatDate, label, t } from './common.js';

// The case page's sections, drawn from the report as the API gives it to its reader.

const field = (name, value) =>
  el('div', { class: 'fact' }, el('dt', {}, name), el('dd', {}, value ?? '—'));

const yesNo = (value) => t(value ? 'web.case.yes' : 'web.case.no');

function penaltyText(p) {
  return p?.years
    ? `${label('penalty', p.kind)}, ${p.years} ${t('web.report.years')}`
    : label('penalty', p?.kind ?? 'other');
}

function reasonText(r) {
  if (['physicalViolence', 'weaponInvolved', 'duringStateOfEmergency'].includes(r.fact))
    return t(`reason.${r.fact}.${Boolean(r.value)}`);
  if (r.fact === 'medicalWorkerVictims' || r.fact === 'victims')
    return t(`reason.${r.fact}`, { n: r.value });
  if (r.fact === 'gravest' || r.fact === 'fallback') return t(`reason.${r.fact}`);
  if (r.fact === 'correction')
    return t('web.case.correction', { old: label('category', r.value?.from), why: r.message });
  return r.message;
}

function section(id, title, ...content) {
  return el(
    'section',
    { class: 'card', id, 'aria-labelledby': `${id}-title` },
    el('h2', { id: `${id}-title` }, title),
    ...content,
  );
}

/** Everything the reporter entered, as filed; the page offers no way to change it. */
function asFiled(i, units) {
  const facts = [
    field(t('web.report.occurredAt'), formatDate(i.occurredAt)),
    field(t('web.case.filedAt'), formatDate(i.createdAt)),
    field(t('web.report.unit'), units[i.unitId] ?? (i.unitId ? '—' : t('web.report.noUnit'))),
    field(t('web.report.place'), label('placeKind', i.place.kind)),
    field(t('web.report.address'), i.place.address),
    i.place.lat === null
      ? null
      : field(t('web.case.coordinates'), `${i.place.lat}, ${i.place.lon}`),
    field(t('web.report.kind'), label('kind', i.kind)),
    field(t('web.case.emergencyReported'), yesNo(i.reportedStateOfEmergency)),
    field(t('web.case.emergencyApplied'), yesNo(i.duringStateOfEmergency)),
    field(
      t('web.report.perpetrators'),
      `${label('perpetratorType', i.perpetrators.type)} × ${i.perpetrators.count}`,
    ),
    field(t('web.case.description'), i.perpetrators.description),
    field(t('web.report.narrative'), i.narrative),
    field(t('web.case.witnesses'), i.witnesses),
  ];
  const victims = el(
    'ul',
    { class: 'list', id: 'case-victims' },
    i.victims.map((v) =>
      el(
        'li',
        {},
        `${label('victimRole', v.role)} · ${label('injury', v.injury)}${v.fullName ? ` · ${v.fullName}` : ''}`,
      ),
    ),
  );
  return section(
    'case-filed',
    t('web.case.asFiled'),
    i.personalDataErasedAt ? el('p', { class: 'lead' }, t('web.case.erased')) : null,
    el('dl', { class: 'facts' }, facts),
    el('h3', {}, t('web.report.victims')),
    victims,
  );
}

function classification(i) {
  const c = i.classification;
  return section(
    'case-classification',
    t('web.case.classification'),
    el(
      'dl',
      { class: 'facts' },
      field(
        t('web.case.category'),
        el('strong', { id: 'case-category' }, label('category', c.category)),
      ),
      field(t('web.report.maxPenalty'), penaltyText(c.maxPenalty)),
    ),
    el('h3', {}, t('web.case.reasons')),
    el(
      'ul',
      { class: 'list' },
      c.reasons.map((r) => el('li', {}, reasonText(r))),
    ),
  );
}

function police(i, progress) {
  const acks = progress?.acknowledgements ?? [];
  return section(
    'case-police',
    t('web.case.police'),
    el(
      'dl',
      { class: 'facts' },
      field(t('web.report.status'), el('strong', { id: 'case-status' }, label('status', i.status))),
      i.erdrNumber ? field(t('web.case.erdr'), i.erdrNumber) : null,
      i.outcome ? field(t('web.case.outcome'), label('outcome', i.outcome)) : null,
    ),
    el(
      'ul',
      { class: 'list', id: 'case-acknowledgements' },
      acks.length
        ? acks.map((a) =>
            el(
              'li',
              {},
              t('web.case.acknowledgedBy', {
                p: a.policePostName,
                at: formatDate(a.acknowledgedAt),
              }),
            ),
          )
        : [el('li', {}, t('web.case.notAcknowledged'))],
    ),
  );
}

function historyText(h) {
  switch (h.type) {
    case 'status_changed':
      return t('web.case.history.status_changed', { s: label('status', h.toStatus) });
    case 'reclassified':
      return t('web.case.history.reclassified', {
        old: label('category', h.data?.from?.category),
        new: label('category', h.data?.to?.category),
      });
    default:
      return t(`web.case.history.${h.type}`);
  }
}

function history(i) {
  return section(
    'case-history',
    t('web.case.history'),
    el(
      'ol',
      { class: 'list', id: 'case-history-list' },
      i.history.map((h) =>
        el(
          'li',
          {},
          el('time', { datetime: h.at }, formatDate(h.at)),
          ` · ${historyText(h)}`,
          h.actor?.role ? ` · ${t('web.case.by', { who: label('role', h.actor.role) })}` : '',
          h.note ? el('p', { class: 'note' }, h.note) : null,
        ),
      ),
    ),
  );
}

/** Linked footage by name and time; a reader the API lets play it gets a player in the page. */
function footage(items, canPlay) {
  const player = el('div', { id: 'case-player' });
  const play = (f) =>
    player.replaceChildren(
      el('video', {
        controls: true,
        preload: 'metadata',
        src: `/api/v1/footage/${f.id}/content`,
        'aria-label': f.fileName ?? t('web.case.footage'),
      }),
    );
  return section(
    'case-footage',
    t('web.case.footage'),
    items.length
      ? el(
          'ul',
          { class: 'list' },
          items.map((f) =>
            el(
              'li',
              {},
              `${f.fileName ?? f.contentType} · ${formatDate(f.recordedFrom ?? f.createdAt)} `,
              canPlay
                ? el(
                    'button',
                    { type: 'button', class: 'secondary', onclick: () => play(f) },
                    t('web.case.play'),
                  )
                : null,
            ),
          ),
        )
      : el('p', {}, t('web.case.noFootage')),
    player,
  );
}

function addenda(i) {
  return section(
    'case-addenda',
    t('web.case.addenda'),
    el(
      'ol',
      { class: 'list', id: 'case-addenda-list' },
      i.addenda.length
        ? i.addenda.map((a) =>
            el(
              'li',
              {},
              el('time', { datetime: a.createdAt }, formatDate(a.createdAt)),
              el('p', {}, a.text),
            ),
          )
        : [el('li', { class: 'empty' }, t('web.case.noAddenda'))],
    ),
  );
}

/** The page's sections for the report, its progress and its footage. */
export function caseSections(i, { progress, footageItems, canPlay, units }) {
  return [
    police(i, progress),
    asFiled(i, units),
    classification(i),
    history(i),
    addenda(i),
    footage(footageItems, canPlay),
  ];
}
