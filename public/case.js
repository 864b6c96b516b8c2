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

/**
 * Everything that changed between two progress answers, as the live region says it: each new
 * acknowledgement, the status and the category; any other change (an addendum, footage) as one
 * "updated", unless it was the user's own.
 */
function news(before, after, ownChange = false) {
  const known = new Set(before.acknowledgements.map((a) => a.policePostId));
  const said = after.acknowledgements
    .filter((a) => !known.has(a.policePostId))
    .map((a) =>
      t('web.case.live.acknowledged', { p: a.policePostName, at: formatDate(a.acknowledgedAt) }),
    );
  if (after.status !== before.status)
    said.push(t('web.case.live.status', { s: label('status', after.status) }));
  if (after.category !== before.category)
    said.push(t('web.case.live.category', { c: label('category', after.category) }));
  if (!said.length && !ownChange) said.push(t('web.case.live.updated'));
  return said.join(' ');
}

/**
 * Reads the report again and says what changed since what the page showed. The message is
 * worked out from what this read returned, so a change that lands while it is on the way is
 * said now rather than shown without a word.
 */
async function reload(ownChange = false) {
  const next = await load();
  const message = shown ? news(shown, next, ownChange) : '';
  shown = next;
  if (message) live.textContent = message;
}

/** One check of the progress at a time: on a slow connection the checks do not pile up. */
let checking = false;

async function refresh() {
  if (document.hidden || !shown || checking) return;
  checking = true;
  try {
    const progress = await api(`/api/v1/incidents/${id}/progress`);
    if (signature(progress) !== signature(shown)) await reload();
  } catch {
    /* offline for now: the next round tries again */
  } finally {
    checking = false;
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
    await reload(true);
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
