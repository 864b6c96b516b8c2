// The password policy's refusals (the API names the field and the rule) in the page's language.
import { t } from './common.js';

/** What to tell the user about a refused password, or null when the refusal is about something else. */
export function passwordProblem(error) {
  if (error?.status === 429) return t('web.tooManyAttempts');
  const detail = error?.body?.details?.find((d) =>
    ['newPassword', 'currentPassword', 'token'].includes(d.field),
  );
  if (!detail) return null;
  if (detail.field === 'currentPassword') return t('web.account.currentWrong');
  if (detail.field === 'token') return t('web.reset.invalidLink');
  if (/at least/.test(detail.message)) return t('web.account.passwordTooShort');
  if (/at most/.test(detail.message)) return t('web.account.passwordTooLong');
  if (/common/.test(detail.message)) return t('web.account.passwordCommon');
  return t('web.error.invalid');
}
