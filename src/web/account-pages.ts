import { Locale } from '../auth/roles';
import { PASSWORD_MAX_LENGTH } from '../auth/password-policy';
import { t } from '../i18n/i18n';
import { MessageKey } from '../i18n/messages.en';
import { esc, layout, PageUser } from './pages';

/** The new-password field with the rule beside it, read out with the field. */
function newPasswordField(tt: (key: MessageKey) => string, label: MessageKey): string {
  return `<div class="field"><label for="new-password">${tt(label)}</label>
    <input id="new-password" name="newPassword" type="password" autocomplete="new-password" required maxlength="${PASSWORD_MAX_LENGTH * 2}" aria-describedby="new-password-rule">
    <p id="new-password-rule" class="lead">${tt('web.account.passwordRule')}</p></div>`;
}

/** One's own account: change the password, see and end sessions, and the way to two-factor sign-in. */
export function accountPage(locale: Locale, user: PageUser): string {
  const tt = (key: MessageKey) => esc(t(locale, key));
  return layout({
    locale,
    title: 'web.account.title',
    path: '/account',
    user,
    script: 'account.js',
    main: `<section class="card" aria-labelledby="password-title">
  <h2 id="password-title">${tt('web.account.passwordTitle')}</h2>
  <form id="change-password" novalidate>
    <input type="text" name="username" autocomplete="username" value="" hidden>
    <div class="field"><label for="current-password">${tt('web.account.currentPassword')}</label>
      <input id="current-password" name="currentPassword" type="password" autocomplete="current-password" required></div>
    ${newPasswordField(tt, 'web.account.newPassword')}
    <p id="password-error" class="error" role="alert"></p>
    <p id="password-status" class="status" role="status"></p>
    <button type="submit" class="primary">${tt('web.account.change')}</button>
  </form>
</section>
<section class="card" aria-labelledby="sessions-title">
  <h2 id="sessions-title">${tt('web.account.sessionsTitle')}</h2>
  <ul id="sessions" class="list" aria-live="polite"></ul>
  <p id="sessions-status" class="status" role="status"></p>
  <button type="button" id="sign-out-others" class="secondary">${tt('web.account.signOutOthers')}</button>
</section>
<section class="card" aria-labelledby="mfa-title">
  <h2 id="mfa-title">${tt('web.account.mfaTitle')}</h2>
  <p><a id="mfa-link" href="/account/mfa">${tt('web.account.mfaLink')}</a></p>
</section>`,
  });
}

/** The page a reset link opens; its token is in the fragment, which never reaches the server. */
export function passwordResetPage(locale: Locale): string {
  const tt = (key: MessageKey) => esc(t(locale, key));
  return layout({
    locale,
    title: 'web.reset.title',
    path: '/password-reset',
    user: null,
    script: 'password-reset.js',
    main: `<p class="lead">${tt('web.reset.lead')}</p>
<form id="reset-password" class="card" novalidate>
  ${newPasswordField(tt, 'web.account.newPassword')}
  <p id="reset-error" class="error" role="alert"></p>
  <button type="submit" class="primary">${tt('web.reset.submit')}</button>
</form>
<section id="reset-done" class="card" hidden>
  <p role="status">${tt('web.reset.done')}</p>
  <p><a class="button primary" href="/">${tt('web.reset.signIn')}</a></p>
</section>`,
  });
}
