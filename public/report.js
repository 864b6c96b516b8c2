import { api, ApiError, data, el, formatDate, label, problemText, t } from './common.js';
import { draftsOf } from './drafts.js';
import { showClassification } from './report-classification.js';
import { clearErrors, localProblems, showErrors } from './report-problems.js';
import { almatyIso, almatyLocal } from './report-time.js';
import { attachments } from './report-uploads.js';
import { forgetSos, sosIdForReport } from './report-sos.js';
import './report-open-sos.js';

// The report form: a draft kept on the device with its Idempotency-Key, so that a report sent
// while the network drops is neither lost nor filed twice. The draft is the signed-in account's
// alone: nobody else who signs in on this browser is shown it or sends it.
const drafts = draftsOf(data.user.id);
const form = document.getElementById('report');
const list = document.getElementById('victim-list');
const status = document.getElementById('form-status');
const preview = document.getElementById('classification');
const done = document.getElementById('done');
const files = attachments(document.getElementById('uploads'), () => saveDraft());
let victimSeq = 0;

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
    sosId: sosIdForReport(),
  };
}

function saveDraft() {
  const draft = drafts.load();
  drafts.save({
    key: draft?.key ?? crypto.randomUUID(),
    // The body last sent with this key: the key may only be sent again with the same body.
    sent: draft?.sent ?? null,
    local: document.getElementById('occurredAt').value,
    body: body(),
    footage: files.done(),
  });
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
  for (const f of draft.footage ?? []) files.restore(f);
  status.textContent = t('web.report.draftSaved');
}

let previewTimer = null;
function changed() {
  saveDraft();
  clearTimeout(previewTimer);
  previewTimer = setTimeout(() => showClassification(preview, body()), 400);
}

async function send(event) {
  event.preventDefault();
  clearErrors(form);
  if (files.uploading()) {
    status.textContent = t('web.report.waitUploads');
    return;
  }
  saveDraft();
  const draft = drafts.load();
  const problems = localProblems(draft.body);
  if (problems.length) {
    showErrors(form, list, status, problems);
    return;
  }
  if (draft.sent && JSON.stringify(draft.sent) !== JSON.stringify(draft.body))
    draft.key = crypto.randomUUID();
  draft.sent = draft.body;
  drafts.save(draft);
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
    drafts.remove();
    if (draft.body.sosId) forgetSos();
    if (draft.body.unitId) drafts.rememberUnit(draft.body.unitId);
    showDone(incident);
  } catch (e) {
    if (e instanceof ApiError && e.status === 400 && e.body?.details?.length)
      showErrors(form, list, status, e.body.details);
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
              // Each report opens its own page: what was filed, what the police did, addenda.
              el(
                'a',
                { href: `/reports/${i.id}`, class: 'report-link' },
                el('strong', {}, i.reference),
              ),
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

const draft = drafts.load();
if (draft) restore(draft);
else {
  addVictim();
  document.getElementById('occurredAt').value = almatyLocal(new Date());
  // The unit the user reported from last time, or the facility's only one.
  const unit = document.getElementById('unit');
  const last = drafts.lastUnit();
  if (last && [...unit.options].some((o) => o.value === last)) unit.value = last;
  else if (unit.options.length === 2) unit.selectedIndex = 1;
}
document.getElementById('add-victim').addEventListener('click', () => {
  addVictim();
  changed();
});
document.getElementById('files').addEventListener('change', (e) => {
  for (const file of e.target.files) files.upload(file);
  e.target.value = '';
});
form.addEventListener('input', changed);
form.addEventListener('change', changed);
form.addEventListener('submit', send);
loadMine();
