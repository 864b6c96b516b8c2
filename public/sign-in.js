import { api, ApiError, data, t } from './common.js';

const form = document.getElementById('sign-in');
const error = document.getElementById('sign-in-error');
const codeField = document.getElementById('code-field');
const code = document.getElementById('code');
const codeLabel = document.getElementById('code-label');
const codeHint = document.getElementById('code-hint');
const codeKind = document.getElementById('code-kind');
let recovery = false;

/** The code asked for after a right password: the app's six digits, or a recovery code. */
function showCode(useRecovery) {
  recovery = useRecovery;
  codeField.hidden = false;
  codeLabel.textContent = t(recovery ? 'web.mfa.recoveryCode' : 'web.mfa.signInCode');
  codeHint.textContent = t(recovery ? 'web.mfa.recoveryCodeHint' : 'web.mfa.signInCodeHint');
  codeKind.textContent = t(recovery ? 'web.mfa.useApp' : 'web.mfa.useRecovery');
  code.inputMode = recovery ? 'text' : 'numeric';
  code.autocomplete = recovery ? 'off' : 'one-time-code';
  code.required = true;
  code.value = '';
  code.focus();
}

codeKind.addEventListener('click', () => showCode(!recovery));

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const body = { email: form.email.value.trim(), password: form.password.value };
  if (!codeField.hidden && code.value.trim()) body.code = code.value.trim();
  try {
    const { home } = await api('/web/session', { method: 'POST', body });
    location.href = home === '/account/mfa' ? home : data.next || home;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401 && e.body?.mfaRequired) {
      const asked = codeField.hidden;
      if (asked) showCode(false);
      error.textContent = t(asked || !body.code ? 'web.mfa.codeNeeded' : 'web.mfa.codeWrong');
      code.setAttribute('aria-invalid', asked ? 'false' : 'true');
      code.focus();
      return;
    }
    error.textContent =
      e instanceof ApiError
        ? e.status === 429
          ? t('web.tooManyAttempts')
          : t('web.signInFailed')
        : t('web.networkError');
    form.password.focus();
  }
});
