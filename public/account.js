// The account page: change the password, see where one is signed in, sign out other sessions.
import { api, ApiError, el, formatDate, t } from './common.js';
import { passwordProblem } from './password-rules.js';

const form = document.getElementById('change-password');
const error = document.getElementById('password-error');
const status = document.getElementById('password-status');
const list = document.getElementById('sessions');
const sessionsStatus = document.getElementById('sessions-status');
const others = document.getElementById('sign-out-others');

const failure = (e) =>
  e instanceof ApiError ? (passwordProblem(e) ?? t('web.account.failed')) : t('web.networkError');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  status.textContent = '';
  try {
    await api('/api/v1/auth/password', {
      method: 'POST',
      body: { currentPassword: form.currentPassword.value, newPassword: form.newPassword.value },
    });
    form.reset();
    status.textContent = t('web.account.changed');
    await showSessions();
  } catch (e) {
    error.textContent = failure(e);
    const field =
      e?.body?.details?.[0]?.field === 'currentPassword' ? 'currentPassword' : 'newPassword';
    form[field].setAttribute('aria-invalid', 'true');
    form[field].focus();
  }
});
form.addEventListener('input', (event) => event.target.removeAttribute?.('aria-invalid'));

async function endSession(id) {
  await api(`/api/v1/auth/sessions/${id}`, { method: 'DELETE' }).catch((e) => {
    if (e?.status !== 404) throw e;
  });
}

function sessionItem(s) {
  const what = el('strong', {}, s.userAgent || t('web.account.unknownDevice'));
  const where = el(
    'span',
    { class: 'meta' },
    ` · ${s.address ?? t('web.account.unknownAddress')} · ${t('web.account.signedInAt')}: ${formatDate(s.createdAt)} · ${t('web.account.lastUsed')}: ${formatDate(s.lastUsedAt)}`,
  );
  const action = s.current
    ? el('span', { class: 'badge' }, t('web.account.thisSession'))
    : el(
        'button',
        {
          type: 'button',
          class: 'secondary sign-out-session',
          'data-id': s.id,
          'aria-label': `${t('web.account.signOutSession')}: ${s.userAgent || t('web.account.unknownDevice')}`,
          onclick: async () => {
            sessionsStatus.textContent = '';
            try {
              await endSession(s.id);
              sessionsStatus.textContent = t('web.account.sessionEnded');
            } catch (e) {
              sessionsStatus.textContent = failure(e);
            }
            await showSessions();
          },
        },
        t('web.account.signOutSession'),
      );
  return el(
    'li',
    { 'data-session': s.id, class: s.current ? 'current' : null },
    what,
    where,
    ' ',
    action,
  );
}

async function showSessions() {
  try {
    const sessions = await api('/api/v1/auth/sessions');
    list.replaceChildren(...sessions.map(sessionItem));
    others.hidden = !sessions.some((s) => !s.current);
  } catch (e) {
    sessionsStatus.textContent = failure(e);
  }
}

others.addEventListener('click', async () => {
  sessionsStatus.textContent = '';
  try {
    const sessions = await api('/api/v1/auth/sessions');
    await Promise.all(sessions.filter((s) => !s.current).map((s) => endSession(s.id)));
    sessionsStatus.textContent = t('web.account.othersEnded');
  } catch (e) {
    sessionsStatus.textContent = failure(e);
  }
  await showSessions();
});

showSessions();
