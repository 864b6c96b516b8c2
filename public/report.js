import {
  api,
  ApiError,
  csrfToken,
  data,
  el,
  formatDate,
  label,
  problemText,
  t,
  TIME_ZONE,
} from './common.js';

// The report form: a draft kept on the device with its Idempotency-Key, so that a report sent
// while the network drops is neither lost nor filed twice.
const DRAFT_KEY = 'mg_report_draft';
const form = document.getElementById('report');
const list = document.getElementById('victim-list');
const status = document.getElementById('form-status');
const preview = document.getElementById('classification');
const uploads = document.getElementById('uploads');
const done = document.getElementById('done');
const attached = []; // { id, name, state }
let victimSeq = 0;

/** The wall-clock time in Almaty as `YYYY-MM-DDTHH:mm` for a datetime-local input. */
function almatyLocal(date) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** An Almaty wall-clock time back to an instant with its offset. */
function almatyIso(local) {
  const guess = new Date(`${local}:00Z`);
  const shown = new Date(`${almatyLocal(guess)}:00Z`);
  const offsetMin = Math.round((shown - guess) / 60000);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return `${local}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function select(id, name, kind, codes, value) {
  return el(
    'select',
    { id, name },
    codes.map((c) => el('option', { value: c, selected: c === value }, label(kind, c))),
  );
}

function addVictim(v = { role: 'nurse', injury: 'none', fullName: '' }) {
  const n = victimSeq++;
  const row = el(
    'div',
    { class: 'victim', 'data-victim': '' },
    el(
      'div',
      { class: 'field' },
      el('label', { for: `victim-role-${n}` }, t('web.report.role')),
      select(`victim-role-${n}`, 'role', 'victimRole', data.victimRoles, v.role),
      el('p', { class: 'error', 'data-error': 'role' }),
    ),
    el(
      'div',
      { class: 'field' },
      el('label', { for: `victim-injury-${n}` }, t('web.report.injury')),
      select(`victim-injury-${n}`, 'injury', 'injury', data.injuries, v.injury),
      el('p', { class: 'error', 'data-error': 'injury' }),
    ),
    el(
      'div',
      { class: 'field' },
      el('label', { for: `victim-name-${n}` }, t('web.report.fullName')),
      el('input', {
        id: `victim-name-${n}`,
        name: 'fullName',
        maxlength: '300',
        value: v.fullName ?? '',
      }),
    ),
    el(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          if (list.children.length > 1) {
            row.remove();
            changed();
          }
        },
      },
      t('web.report.removeVictim'),
    ),
  );
  list.append(row);
}

/** The report as the API takes it. */
function body() {
  const value = (id) => document.getElementById(id).value.trim();
  const optional = (id) => value(id) || undefined;
  return {
    facilityId: value('facility'),
    unitId: optional('unit'),
    occurredAt: value('occurredAt') ? almatyIso(value('occurredAt')) : '',
    place: { kind: value('placeKind'), address: optional('placeAddress') },
    kind: value('kind'),
    duringStateOfEmergency: document.getElementById('emergency').checked,
    victims: [...list.querySelectorAll('[data-victim]')].map((row) => ({
      role: row.querySelector('[name=role]').value,
      injury: row.querySelector('[name=injury]').value,
      fullName: row.querySelector('[name=fullName]').value.trim() || undefined,
    })),
    perpetrators: {
      type: value('perpetratorType'),
      count: Number(value('perpetratorCount')),
      description: optional('perpetratorDescription'),
    },
    narrative: value('narrative'),
    witnesses: optional('witnesses'),
  };
}

function loadDraft() {
  try {
    return JSON.parse(localStorage.getItem(DRAFT_KEY) ?? 'null');
  } catch {
    return null;
  }
}

function saveDraft() {
  const draft = loadDraft();
  localStorage.setItem(
    DRAFT_KEY,
    JSON.stringify({
      key: draft?.key ?? crypto.randomUUID(),
      // The body last sent with this key: the key may only be sent again with the same body.
      sent: draft?.sent ?? null,
      local: document.getElementById('occurredAt').value,
      body: body(),
      footage: attached.filter((a) => a.state === 'done').map((a) => ({ id: a.id, name: a.name })),
    }),
  );
}

function restore(draft) {
  const b = draft.body;
  const set = (id, v) => {
    if (v !== undefined && v !== null) document.getElementById(id).value = v;
  };
  set('unit', b.unitId ?? '');
  set('occurredAt', draft.local);
  set('placeKind', b.place?.kind);
  set('placeAddress', b.place?.address ?? '');
  set('kind', b.kind);
  document.getElementById('emergency').checked = !!b.duringStateOfEmergency;
  set('perpetratorType', b.perpetrators?.type);
  set('perpetratorCount', b.perpetrators?.count);
  set('perpetratorDescription', b.perpetrators?.description ?? '');
  set('narrative', b.narrative);
  set('witnesses', b.witnesses ?? '');
  list.replaceChildren();
  for (const v of b.victims?.length ? b.victims : [undefined]) addVictim(v);
  for (const f of draft.footage ?? []) showUpload({ id: f.id, name: f.name, state: 'done' });
  status.textContent = t('web.report.draftSaved');
}

function clearErrors() {
  for (const p of form.querySelectorAll('.error[data-for], .error[data-error]')) p.textContent = '';
  for (const i of form.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
}

/** Puts each problem the server named next to its field. */
function showErrors(details) {
  const byName = {
    facilityId: 'facility',
    unitId: 'unit',
    occurredAt: 'occurredAt',
    'place.kind': 'placeKind',
    'place.address': 'placeAddress',
    kind: 'kind',
    'perpetrators.type': 'perpetratorType',
    'perpetrators.count': 'perpetratorCount',
    'perpetrators.description': 'perpetratorDescription',
    narrative: 'narrative',
    witnesses: 'witnesses',
    duringStateOfEmergency: 'emergency',
  };
  let first = null;
  for (const d of details) {
    let input = null;
    let message = null;
    const victim = /^victims\[(\d+)\]\.(\w+)$/.exec(d.field);
    if (victim) {
      const row = list.querySelectorAll('[data-victim]')[Number(victim[1])];
      input = row?.querySelector(`[name=${victim[2]}]`);
      message = row?.querySelector(`[data-error=${victim[2]}]`);
    } else if (byName[d.field]) {
      input = document.getElementById(byName[d.field]);
      message = form.querySelector(`.error[data-for="${byName[d.field]}"]`);
      if (!message && input) {
        message = el('p', {
          class: 'error',
          'data-for': byName[d.field],
          id: `${byName[d.field]}-error`,
        });
        input.closest('.field').append(message);
        input.setAttribute('aria-describedby', message.id);
      }
    }
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      first ??= input;
    }
    if (message) message.textContent = localiseProblem(d.message, d.field);
  }
  status.textContent = t('web.report.fixErrors');
  first?.focus();
}

/** The server names the field and the problem in English; the user reads it in their language. */
function localiseProblem(message, field) {
  if (/must not be empty|is required|should not be empty/.test(message))
    return t('web.error.required');
  if (/future/.test(message)) return t('web.error.future');
  if (field === 'perpetrators.count') return t('web.error.range');
  return t('web.error.invalid');
}

/** The checks the browser can make before sending, so the common mistakes show at once. */
function localProblems(b) {
  const problems = [];
  if (!b.narrative) problems.push({ field: 'narrative', message: 'must not be empty' });
  if (!b.occurredAt) problems.push({ field: 'occurredAt', message: 'must not be empty' });
  else if (new Date(b.occurredAt).getTime() > Date.now() + 5 * 60_000)
    problems.push({ field: 'occurredAt', message: 'must not be in the future' });
  const count = b.perpetrators.count;
  if (!Number.isInteger(count) || count < 1 || count > 100)
    problems.push({ field: 'perpetrators.count', message: 'out of range' });
  return problems;
}

let previewTimer = null;
function changed() {
  saveDraft();
  clearTimeout(previewTimer);
  previewTimer = setTimeout(showClassification, 400);
}

/** The category the facts lead to, from the server's own rule set. */
async function showClassification() {
  const b = body();
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

function reasonText(r) {
  if (['physicalViolence', 'weaponInvolved', 'duringStateOfEmergency'].includes(r.fact))
    return t(`reason.${r.fact}.${Boolean(r.value)}`);
  if (r.fact === 'medicalWorkerVictims' || r.fact === 'victims')
    return t(`reason.${r.fact}`, { n: r.value });
  if (r.fact === 'gravest' || r.fact === 'fallback') return t(`reason.${r.fact}`);
  return r.message;
}

/** Sends one file with a progress bar; the request can be cancelled. */
function upload(file) {
  const entry = { id: null, name: file.name, state: 'uploading', xhr: new XMLHttpRequest() };
  const item = showUpload(entry);
  const xhr = entry.xhr;
  xhr.open('POST', '/api/v1/footage');
  xhr.setRequestHeader('X-CSRF-Token', csrfToken());
  xhr.upload.addEventListener('progress', (e) => {
    if (e.lengthComputable) item.progress.value = e.loaded / e.total;
  });
  xhr.addEventListener('load', () => {
    if (xhr.status === 201) {
      entry.id = JSON.parse(xhr.responseText).id;
      finish(entry, item, 'done', t('web.report.uploaded'));
      saveDraft();
    } else {
      const reason =
        xhr.status === 415
          ? t('web.report.unsupported')
          : xhr.status === 413
            ? t('web.report.tooLarge')
            : problemText({ status: xhr.status, body: xhr.status ? {} : null });
      const message = `${t('web.report.uploadFailed')}: ${reason}`;
      finish(entry, item, 'failed', message);
    }
  });
  xhr.addEventListener('error', () => finish(entry, item, 'failed', t('web.report.uploadFailed')));
  xhr.addEventListener('abort', () => finish(entry, item, 'cancelled', t('web.report.cancelled')));
  const fd = new FormData();
  fd.append('file', file);
  xhr.send(fd);
}

function showUpload(entry) {
  attached.push(entry);
  const progress = el('progress', {
    max: '1',
    value: entry.state === 'done' ? '1' : '0',
    'aria-label': entry.name,
  });
  const state = el(
    'span',
    { role: 'status' },
    entry.state === 'done' ? t('web.report.uploaded') : '',
  );
  const cancel = el(
    'button',
    {
      type: 'button',
      class: 'secondary',
      hidden: entry.state !== 'uploading',
      onclick: () => entry.xhr?.abort(),
    },
    t('web.report.cancelUpload'),
  );
  uploads.append(el('li', {}, el('span', {}, entry.name), cancel, progress, state));
  return { progress, state, cancel };
}

function finish(entry, item, state, message) {
  entry.state = state;
  item.state.textContent = message;
  item.cancel.hidden = true;
  if (state === 'done') item.progress.value = 1;
}

async function send(event) {
  event.preventDefault();
  clearErrors();
  if (attached.some((a) => a.state === 'uploading')) {
    status.textContent = t('web.report.waitUploads');
    return;
  }
  saveDraft();
  const draft = loadDraft();
  const problems = localProblems(draft.body);
  if (problems.length) {
    showErrors(problems);
    return;
  }
  if (draft.sent && JSON.stringify(draft.sent) !== JSON.stringify(draft.body))
    draft.key = crypto.randomUUID();
  draft.sent = draft.body;
  localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
  const button = document.getElementById('send');
  button.disabled = true;
  status.textContent = t('web.report.sending');
  try {
    const incident = await api('/api/v1/incidents', {
      method: 'POST',
      body: draft.body,
      headers: { 'Idempotency-Key': draft.key },
    });
    for (const f of draft.footage) {
      await api(`/api/v1/incidents/${incident.id}/footage`, {
        method: 'POST',
        body: { footageId: f.id },
      }).catch((e) => {
        if (!(e instanceof ApiError && e.status === 409)) throw e;
      });
    }
    localStorage.removeItem(DRAFT_KEY);
    if (draft.body.unitId) localStorage.setItem('mg_last_unit', draft.body.unitId);
    showDone(incident);
  } catch (e) {
    if (e instanceof ApiError && e.status === 400 && e.body?.details?.length)
      showErrors(e.body.details);
    else if (e instanceof ApiError) status.textContent = problemText(e);
    else status.textContent = t('web.report.offline');
  } finally {
    button.disabled = false;
  }
}

function showDone(incident) {
  form.hidden = true;
  done.replaceChildren(
    el('h2', {}, t('web.report.sent')),
    el(
      'p',
      {},
      `${t('web.report.reference')}: `,
      el('strong', { id: 'reference' }, incident.reference),
    ),
    el(
      'p',
      {},
      `${t('web.report.status')}: `,
      el('span', { id: 'incident-status' }, label('status', incident.status)),
    ),
    el(
      'p',
      {},
      `${t('web.report.classification')}: `,
      el(
        'strong',
        { id: 'incident-category' },
        label('category', incident.classification.category),
      ),
    ),
    el(
      'button',
      { type: 'button', class: 'primary', onclick: () => location.reload() },
      t('web.report.newReport'),
    ),
  );
  done.hidden = false;
  done.querySelector('h2').focus?.();
  loadMine();
}

async function loadMine() {
  const target = document.getElementById('my-reports');
  try {
    const page = await api('/api/v1/incidents?limit=20');
    target.replaceChildren(
      ...(page.items.length
        ? page.items.map((i) =>
            el(
              'li',
              {},
              el('strong', {}, i.reference),
              ' · ',
              formatDate(i.occurredAt),
              ' · ',
              label('category', i.classification.category),
              ' · ',
              el('span', { class: 'badge' }, label('status', i.status)),
            ),
          )
        : [el('li', {}, t('web.report.none'))]),
    );
  } catch {
    /* offline: the list stays as it was */
  }
}

const draft = loadDraft();
if (draft) restore(draft);
else {
  addVictim();
  document.getElementById('occurredAt').value = almatyLocal(new Date());
  // The unit the user reported from last time, or the facility's only one.
  const unit = document.getElementById('unit');
  const last = localStorage.getItem('mg_last_unit');
  if (last && [...unit.options].some((o) => o.value === last)) unit.value = last;
  else if (unit.options.length === 2) unit.selectedIndex = 1;
}
document.getElementById('add-victim').addEventListener('click', () => {
  addVictim();
  changed();
});
document.getElementById('files').addEventListener('change', (e) => {
  for (const file of e.target.files) upload(file);
  e.target.value = '';
});
form.addEventListener('input', changed);
form.addEventListener('change', changed);
form.addEventListener('submit', send);
loadMine();
