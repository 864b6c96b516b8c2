import { api, ApiError, data, t } from './common.js';

const form = document.getElementById('sign-in');
const error = document.getElementById('sign-in-error');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  try {
    const { home } = await api('/web/session', {
      method: 'POST',
      body: { email: form.email.value.trim(), password: form.password.value },
    });
    location.href = data.next || home;
  } catch (e) {
    error.textContent =
      e instanceof ApiError
        ? e.status === 429
          ? t('web.tooManyAttempts')
          : t('web.signInFailed')
        : t('web.networkError');
    form.password.focus();
  }
});
