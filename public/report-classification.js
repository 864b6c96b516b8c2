import { api, el, label, t } from './common.js';

/** The category the facts lead to, from the server's own rule set. */
export async function showClassification(preview, b) {
  if (!b.narrative || !b.occurredAt) {
    preview.hidden = true;
    return;
  }
  try {
    const c = await api('/api/v1/incidents/classification', { method: 'POST', body: b });
    const penalty = c.maxPenalty?.years
      ? `${label('penalty', c.maxPenalty.kind)}, ${c.maxPenalty.years} ${t('web.report.years')}`
      : label('penalty', c.maxPenalty?.kind ?? 'other');
    preview.replaceChildren(
      el('h2', {}, `${t('web.report.classification')}: ${label('category', c.category)}`),
      el('p', {}, `${t('web.report.maxPenalty')}: ${penalty}`),
      el(
        'ul',
        {},
        c.reasons.map((r) => el('li', {}, reasonText(r))),
      ),
    );
    preview.hidden = false;
  } catch {
    preview.hidden = true;
  }
}

export function reasonText(r) {
  if (['physicalViolence', 'weaponInvolved', 'duringStateOfEmergency'].includes(r.fact))
    return t(`reason.${r.fact}.${Boolean(r.value)}`);
  if (r.fact === 'medicalWorkerVictims' || r.fact === 'victims')
    return t(`reason.${r.fact}`, { n: r.value });
  if (r.fact === 'gravest' || r.fact === 'fallback') return t(`reason.${r.fact}`);
  if (r.fact === 'event')
    return t('reason.event', { r: r.value.references.join(', '), n: r.value.medicalWorkers });
  return r.message;
}
