// The page a one-time reset link opens: the token is in the fragment, read once and taken out of
// the address (and the history), then posted with the new password.
import { api, ApiError, t } from './common.js';
import { passwordProblem } from './password-rules.js';

const token = decodeURIComponent(location.hash.slice(1));
history.replaceState(null, '', location.pathname);

const form = document.getElementById('reset-password');
const error = document.getElementById('reset-error');
const done = document.getElementById('reset-done');
if (!token) error.textContent = t('web.reset.noToken');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  if (!token) {
    error.textContent = t('web.reset.noToken');
    return;
  }
  try {
    await api('/api/v1/auth/password-reset', {
      method: 'POST',
      body: { token, newPassword: form.newPassword.value },
    });
    form.hidden = true;
    done.hidden = false;
    done.querySelector('a').focus();
  } catch (e) {
    error.textContent =
      e instanceof ApiError
        ? (passwordProblem(e) ?? t('web.error.invalid'))
        : t('web.networkError');
    form.newPassword.setAttribute('aria-invalid', 'true');
    form.newPassword.focus();
  }
});
form.newPassword.addEventListener('input', () => form.newPassword.removeAttribute('aria-invalid'));
