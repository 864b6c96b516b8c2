import { t } from '../i18n/i18n';
import { MessageKey } from '../i18n/messages.en';
import { Locale } from '../auth/roles';
import { esc, layout, PageUser } from './pages';

export const MFA_PAGE = '/account/mfa';

export interface MfaPageState {
  /** The account signs in with a code. */
  enabled: boolean;
  /** The user's role must sign in with a code (MFA_REQUIRED_ROLES). */
  required: boolean;
  /** Where the user goes on from here. */
  home: string;
}

/**
 * Multi-factor sign-in of one's own account (public/account-mfa.js): set-up with the QR code drawn
 * in the page from the otpauth URI, the secret for typing in by hand, the first code, the recovery
 * codes shown once; or, when it is on, turning it off with a code.
 */
export function mfaPage(locale: Locale, user: PageUser, state: MfaPageState): string {
  const tt = (key: MessageKey) => esc(t(locale, key));
  const codeField = (id: string, label: MessageKey, recovery: boolean) =>
    `<div class="field"><label for="${id}">${tt(label)}</label>
    <input id="${id}" name="code" type="text" ${
      recovery
        ? 'autocomplete="one-time-code" maxlength="16"'
        : 'inputmode="numeric" autocomplete="one-time-code" maxlength="7"'
    } required aria-describedby="${id}-error"></div>
  <p id="${id}-error" class="error" role="alert"></p>`;
  return layout({
    locale,
    title: 'web.mfa.title',
    path: MFA_PAGE,
    user,
    script: 'account-mfa.js',
    extraScripts: ['/assets/vendor/qrcode-generator/qrcode.js'],
    data: { mfa: state },
    main: `${
      state.required && !state.enabled
        ? `<p id="mfa-required" class="card notice" role="note">${tt('web.mfa.requiredLead')}</p>`
        : ''
    }
<section id="mfa-off" class="card" aria-labelledby="mfa-off-title"${state.enabled ? ' hidden' : ''}>
  <h2 id="mfa-off-title">${tt('web.mfa.offTitle')}</h2>
  <p class="lead">${tt('web.mfa.offLead')}</p>
  <button type="button" id="mfa-start" class="primary">${tt('web.mfa.start')}</button>
  <p id="mfa-start-error" class="error" role="alert"></p>
</section>
<section id="mfa-setup" class="card" aria-labelledby="mfa-setup-title" hidden>
  <h2 id="mfa-setup-title">${tt('web.mfa.setupTitle')}</h2>
  <ol class="steps">
    <li>${tt('web.mfa.stepApp')}</li>
    <li>${tt('web.mfa.stepScan')}</li>
    <li>${tt('web.mfa.stepCode')}</li>
  </ol>
  <canvas id="mfa-qr" class="qr" width="264" height="264" role="img" aria-label="${tt('web.mfa.qrLabel')}"></canvas>
  <p>${tt('web.mfa.manual')}</p>
  <p><code id="mfa-secret" class="secret"></code></p>
  <form id="mfa-confirm" novalidate>
  ${codeField('mfa-code', 'web.mfa.code', false)}
  <button type="submit" class="primary">${tt('web.mfa.confirm')}</button>
  </form>
</section>
<section id="mfa-codes" class="card" aria-labelledby="mfa-codes-title" hidden>
  <h2 id="mfa-codes-title" tabindex="-1">${tt('web.mfa.codesTitle')}</h2>
  <p>${tt('web.mfa.codesLead')}</p>
  <ol id="mfa-code-list" class="codes"></ol>
  <div class="actions">
    <button type="button" id="mfa-copy" class="secondary">${tt('web.mfa.copy')}</button>
    <button type="button" id="mfa-print" class="secondary">${tt('web.mfa.print')}</button>
  </div>
  <p id="mfa-copy-status" class="status" role="status"></p>
  <a id="mfa-continue" class="button primary" href="${esc(state.home)}">${tt('web.mfa.continue')}</a>
</section>
<section id="mfa-on" class="card" aria-labelledby="mfa-on-title"${state.enabled ? '' : ' hidden'}>
  <h2 id="mfa-on-title">${tt('web.mfa.onTitle')}</h2>
  <p class="lead">${tt('web.mfa.onLead')}</p>
  ${
    state.required
      ? `<p>${tt('web.mfa.requiredKeep')}</p>`
      : `<form id="mfa-disable" novalidate>
  ${codeField('mfa-disable-code', 'web.mfa.disableCode', true)}
  <button type="submit" class="secondary">${tt('web.mfa.turnOff')}</button>
  </form>`
  }
</section>`,
  });
}
