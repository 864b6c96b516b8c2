import { api, data, el, formatDate, label, t } from './common.js';
import {
  clearProblems,
  copyButton,
  fillTable,
  formValues,
  refusalText,
  showProblems,
} from './admin-common.js';

// Accounts of every role: finding them, creating one with a set-password link, acting on one.

const facilityName = new Map(data.facilities.map((f) => [f.id, f.name]));
const postName = new Map(data.posts.map((p) => [p.id, p.name]));
const filters = document.getElementById('user-filters');
const table = document.getElementById('users');
const status = document.getElementById('users-status');
const more = document.getElementById('more-users');
const form = document.getElementById('user-form');
const formStatus = document.getElementById('user-status');
const linkBox = document.getElementById('user-link');
let shown = [];
let cursor = null;

async function load(append = false) {
  const query = new URLSearchParams({ ...formValues(filters), limit: '50' });
  if (append && cursor) query.set('cursor', cursor);
  try {
    const page = await api(`/api/v1/users?${query}`);
    shown = append ? [...shown, ...page.items] : page.items;
    cursor = page.nextCursor;
    more.hidden = !cursor;
    render();
  } catch (error) {
    status.textContent = refusalText(error);
  }
}

const placement = (u) =>
  u.policePostId
    ? (postName.get(u.policePostId) ?? '')
    : u.facilityId
      ? (facilityName.get(u.facilityId) ?? '')
      : '—';

function render() {
  fillTable(
    table,
    shown.map((u) => {
      const named = (key) => [t(key), el('span', { class: 'sr-only' }, ` ${u.fullName}`)];
      const act = (key, run, enabled = true) =>
        el(
          'button',
          { type: 'button', class: 'secondary', disabled: !enabled, onclick: () => run(u) },
          named(key),
        );
      return [
        u.fullName,
        u.email,
        label('role', u.role),
        placement(u),
        u.active ? t('web.admin.users.active') : t('web.admin.users.deactivated'),
        el(
          'span',
          { class: 'row-actions' },
          act('web.admin.users.resetPassword', resetPassword, u.active),
          act('web.admin.users.resetMfa', resetMfa, u.active),
          act('web.admin.users.deactivate', deactivate, u.active && u.id !== data.user.id),
        ),
      ];
    }),
    t('web.admin.users.none'),
  );
}

function showLink(lead, link) {
  document.getElementById('user-link-lead').textContent = lead;
  document.getElementById('user-link-url').textContent = link.url;
  linkBox.hidden = false;
  document.getElementById('copy-link').focus();
}

async function resetPassword(u) {
  try {
    const link = await api(`/api/v1/users/${u.id}/password-reset`, { method: 'POST' });
    showLink(
      t('web.admin.users.linkFor', { who: u.fullName, at: formatDate(link.expiresAt) }),
      link,
    );
  } catch (error) {
    status.textContent = refusalText(error);
  }
}

async function resetMfa(u) {
  if (!confirm(t('web.admin.users.confirmMfa', { who: u.fullName }))) return;
  try {
    await api(`/api/v1/users/${u.id}/mfa`, { method: 'DELETE' });
    status.textContent = t('web.admin.users.mfaReset', { who: u.fullName });
  } catch (error) {
    status.textContent = refusalText(error);
  }
}

async function deactivate(u) {
  if (!confirm(t('web.admin.users.confirmDeactivate', { who: u.fullName }))) return;
  try {
    await api(`/api/v1/users/${u.id}`, { method: 'DELETE' });
    await load();
    status.textContent = t('web.admin.users.deactivatedNow', { who: u.fullName });
  } catch (error) {
    status.textContent = refusalText(error);
  }
}

/** Staff and safety officers belong to a facility, officers to a post; others to neither. */
function showPlacement() {
  const role = form.elements.role.value;
  form.elements.facilityId.closest('.field').hidden = !['staff', 'facility_admin'].includes(role);
  form.elements.policePostId.closest('.field').hidden = role !== 'police';
}
form.elements.role.addEventListener('change', showPlacement);
showPlacement();

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const values = formValues(form);
  const role = values.role;
  if (!['staff', 'facility_admin'].includes(role)) delete values.facilityId;
  if (role !== 'police') delete values.policePostId;
  try {
    const made = await api('/api/v1/users', { method: 'POST', body: values });
    clearProblems(form);
    form.reset();
    showPlacement();
    formStatus.textContent = t('web.admin.users.created', { who: made.fullName });
    if (made.setPasswordLink)
      showLink(
        t('web.admin.users.linkFor', {
          who: made.fullName,
          at: formatDate(made.setPasswordLink.expiresAt),
        }),
        made.setPasswordLink,
      );
    await load();
  } catch (error) {
    showProblems(form, 'u', error, formStatus);
  }
});

filters.addEventListener('submit', (event) => {
  event.preventDefault();
  load();
});
more.addEventListener('click', () => load(true));
copyButton(
  document.getElementById('copy-link'),
  document.getElementById('user-link-url'),
  document.getElementById('copy-link-status'),
);
load();
