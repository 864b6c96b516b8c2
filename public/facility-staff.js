// The facility's staff accounts: list and filter, create with a set-password link, deactivate
// (with an undo), reset the password, reset two-factor sign-in.
import { api, data, el, formatDate, label, t } from './common.js';
import { allPages, confirmAction, failureText, showOnce } from './facility-people.js';

const facilityId = data.facilityId;
const isAdmin = data.admin;
const me = data.user.id;
const form = document.getElementById('create-staff');
const body = document.querySelector('#staff-table tbody');
const search = document.getElementById('staff-search');
const roleFilter = document.getElementById('staff-role');
const count = document.getElementById('staff-count');
const status = document.getElementById('staff-status');
let accounts = [];

const nameOf = (u) => u.fullName || u.email;

async function load() {
  accounts = await allPages(api, `/api/v1/users?facilityId=${encodeURIComponent(facilityId)}`);
  render();
}

function shown() {
  const text = search.value.trim().toLocaleLowerCase();
  return accounts.filter(
    (u) =>
      (!roleFilter.value || u.role === roleFilter.value) &&
      (!text || `${u.fullName} ${u.email}`.toLocaleLowerCase().includes(text)),
  );
}

function render() {
  const rows = shown();
  count.textContent = t('web.staff.count', { n: rows.length, all: accounts.length });
  body.replaceChildren(
    ...(rows.length
      ? rows.map(row)
      : [el('tr', {}, el('td', { colspan: '8' }, t('web.staff.none')))]),
  );
}

function row(u) {
  return el(
    'tr',
    { 'data-user': u.id, 'data-email': u.email, class: u.active ? null : 'inactive' },
    el('th', { scope: 'row' }, nameOf(u)),
    el('td', {}, u.email),
    el('td', {}, label('role', u.role)),
    el('td', {}, u.phone ?? '—'),
    el('td', {}, u.mfaEnabled ? t('web.staff.mfaOn') : t('web.staff.mfaOff')),
    el('td', { class: 'state' }, u.active ? t('web.staff.active') : t('web.staff.deactivated')),
    el('td', {}, u.lastSignInAt ? formatDate(u.lastSignInAt) : t('web.staff.never')),
    el('td', { class: 'row-actions' }, ...actionsOf(u)),
  );
}

function button(text, who, onclick, cls = 'secondary') {
  return el(
    'button',
    { type: 'button', class: cls, 'aria-label': `${text}: ${who}`, onclick },
    text,
  );
}

function actionsOf(u) {
  if (u.id === me) return [el('span', { class: 'badge' }, t('web.staff.you'))];
  // A facility admin manages the staff accounts; the API refuses the rest, so they offer nothing.
  if (!isAdmin && u.role !== 'staff') return [];
  const who = nameOf(u);
  if (!u.active)
    return [button(t('web.staff.reactivate'), who, () => reactivate(u), 'secondary reactivate')];
  return [
    button(t('web.staff.resetPassword'), who, () => resetPassword(u), 'secondary reset-password'),
    u.mfaEnabled
      ? button(t('web.staff.resetMfa'), who, () => resetMfa(u), 'secondary reset-mfa')
      : null,
    button(t('web.staff.deactivate'), who, () => deactivate(u), 'danger deactivate'),
  ];
}

function say(text, ...extra) {
  status.replaceChildren(text, ...extra);
}

async function act(work, byStatus) {
  try {
    await work();
  } catch (e) {
    say(failureText(e, byStatus));
  }
  await load().catch(() => undefined);
}

async function deactivate(u) {
  const who = nameOf(u);
  if (!(await confirmAction(t('web.staff.confirmDeactivate', { who }), t('web.staff.deactivate'))))
    return;
  await act(async () => {
    await api(`/api/v1/users/${u.id}`, { method: 'DELETE' });
    const undo = el(
      'button',
      { type: 'button', id: 'staff-undo', class: 'secondary', onclick: () => reactivate(u) },
      t('web.staff.undo'),
    );
    say(`${t('web.staff.deactivatedDone', { who })} `, undo);
    undo.focus();
  });
}

async function reactivate(u) {
  await act(
    async () => {
      await api(`/api/v1/users/${u.id}`, { method: 'PATCH', body: { active: true } });
      say(t('web.staff.reactivatedDone', { who: nameOf(u) }));
    },
    { 403: 'web.staff.adminOnlyUndo' },
  );
}

async function resetPassword(u) {
  const who = nameOf(u);
  if (
    !(await confirmAction(
      t('web.staff.confirmResetPassword', { who }),
      t('web.staff.resetPassword'),
    ))
  )
    return;
  await act(async () => {
    const link = await api(`/api/v1/users/${u.id}/password-reset`, { method: 'POST' });
    say('');
    showOnce(
      'link-once',
      link.url,
      t('web.people.linkLead', { who, end: formatDate(link.expiresAt) }),
    );
  });
}

async function resetMfa(u) {
  const who = nameOf(u);
  if (!(await confirmAction(t('web.staff.confirmResetMfa', { who }), t('web.staff.resetMfa'))))
    return;
  await act(async () => {
    await api(`/api/v1/users/${u.id}/mfa`, { method: 'DELETE' });
    say(t('web.staff.mfaResetDone', { who }));
  });
}

const FIELDS = ['fullName', 'email', 'phone'];

function fieldProblems(e) {
  const details = e?.body?.details ?? [];
  let first = null;
  for (const d of details) {
    const name = d.field;
    if (!FIELDS.includes(name)) continue;
    const text = e.status === 409 && name === 'email' ? t('web.staff.emailTaken') : failureText(e);
    document.getElementById(`staff-${name}-error`).textContent = text;
    form[name].setAttribute('aria-invalid', 'true');
    first ??= form[name];
  }
  return first;
}

function start() {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    document.getElementById('create-error').textContent = '';
    for (const name of FIELDS) {
      document.getElementById(`staff-${name}-error`).textContent = '';
      form[name].removeAttribute('aria-invalid');
    }
    const account = {
      fullName: form.fullName.value.trim(),
      email: form.email.value.trim(),
      role: 'staff',
      facilityId,
      locale: form.locale.value,
    };
    if (form.phone.value.trim()) account.phone = form.phone.value.trim();
    try {
      const made = await api('/api/v1/users', { method: 'POST', body: account });
      form.reset();
      say(t('web.staff.created', { who: nameOf(made) }));
      const link = made.setPasswordLink;
      showOnce(
        'link-once',
        link.url,
        t('web.people.linkLead', { who: nameOf(made), end: formatDate(link.expiresAt) }),
      );
      await load();
    } catch (e) {
      const field = fieldProblems(e);
      if (field) field.focus();
      else document.getElementById('create-error').textContent = failureText(e);
    }
  });
  form.addEventListener('input', (event) => event.target.removeAttribute?.('aria-invalid'));
  search.addEventListener('input', render);
  roleFilter.addEventListener('change', render);
  load().catch((e) => say(failureText(e)));
}

if (facilityId) start();
