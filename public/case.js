import { api, ApiError, data, formatDate, label, problemText, t } from './common.js';
import { caseSections } from './case-view.js';
import { offerPush } from './police-push.js';

// The case page: the report as the API gives it, kept current while it is open. It asks for the
// report's progress (no personal data, so not a read of the report) every `pollMs`
// (CASE_PAGE_POLL_SECONDS), and reads the report again only when something changed, saying what
// in the live region.

const id = data.incidentId;
const root = document.getElementById('case');
const live = document.getElementById('case-live');
const form = document.getElementById('addendum-form');
const text = document.getElementById('addendum-text');
const textError = document.getElementById('addendum-text-error');
const formStatus = document.getElementById('addendum-status');
let shown = null;

const signature = (p) =>
  JSON.stringify([p.status, p.category, p.changes, p.acknowledgements.map((a) => a.policePostId)]);

async function load() {
  const [incident, progress, footage] = await Promise.all([
    api(`/api/v1/incidents/${id}`),
    api(`/api/v1/incidents/${id}/progress`),
    api(`/api/v1/incidents/${id}/footage`).catch(() => ({ items: [] })),
  ]);
  root.replaceChildren(
    ...caseSections(incident, {
      progress,
      footageItems: footage.items ?? footage,
      canPlay: data.canPlay,
      units: data.units,
    }),
  );
  root.removeAttribute('aria-busy');
  return progress;
}

/** What changed between two progress answers, as the live region says it. */
function news(before, after) {
  const known = new Set(before.acknowledgements.map((a) => a.policePostId));
  const ack = after.acknowledgements.find((a) => !known.has(a.policePostId));
  if (ack)
    return t('web.case.live.acknowledged', {
      p: ack.policePostName,
      at: formatDate(ack.acknowledgedAt),
    });
  if (after.status !== before.status)
    return t('web.case.live.status', { s: label('status', after.status) });
  if (after.category !== before.category)
    return t('web.case.live.category', { c: label('category', after.category) });
  return t('web.case.live.updated');
}

async function refresh() {
  if (document.hidden || !shown) return;
  try {
    const progress = await api(`/api/v1/incidents/${id}/progress`);
    if (signature(progress) === signature(shown)) return;
    const message = news(shown, progress);
    shown = await load();
    live.textContent = message;
  } catch {
    /* offline for now: the next round tries again */
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  textError.textContent = '';
  text.removeAttribute('aria-invalid');
  formStatus.textContent = '';
  const body = { text: text.value };
  if (!body.text.trim()) return refuse({ field: 'text', code: 'required' });
  try {
    await api(`/api/v1/incidents/${id}/addenda`, { method: 'POST', body });
    text.value = '';
    shown = await load();
    formStatus.textContent = t('web.case.added');
  } catch (e) {
    const detail = e instanceof ApiError ? e.body?.details?.find((d) => d.field === 'text') : null;
    if (detail) refuse(detail);
    else formStatus.textContent = problemText(e);
  }
});

function refuse(detail) {
  textError.textContent = problemText({ status: 400, body: { details: [detail] } }, text);
  text.setAttribute('aria-invalid', 'true');
  text.focus();
}

try {
  shown = await load();
} catch {
  root.removeAttribute('aria-busy');
  document.getElementById('case-loading').textContent = t('web.case.loadFailed');
}
setInterval(refresh, data.pollMs);
document.addEventListener('visibilitychange', refresh);
offerPush({ on: 'web.case.push.on' });
