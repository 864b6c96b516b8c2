import { Locale, LOCALES, Role } from '../auth/roles';
import { INCIDENT_KINDS, INJURIES, VICTIM_ROLES } from '../classification/rule-set.types';
import { CATALOGUES, t } from '../i18n/i18n';
import { MessageKey } from '../i18n/messages.en';
import { PERPETRATOR_TYPES, PLACE_KINDS } from '../incidents/incident.dto';

/** Escapes text for HTML content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

export const HOME_OF: Record<Role, string> = {
  [Role.Staff]: '/report',
  [Role.FacilityAdmin]: '/facility',
  [Role.Police]: '/police',
  [Role.Ministry]: '/ministry',
  [Role.Admin]: '/admin',
};

/** The workspaces each role moves between, in the header of every page; the first is home. */
export const NAV_OF: Record<Role, Array<{ path: string; key: MessageKey }>> = {
  [Role.Staff]: [{ path: '/report', key: 'web.nav.report' }],
  [Role.FacilityAdmin]: [
    { path: '/facility', key: 'web.nav.facility' },
    { path: '/report', key: 'web.nav.report' },
  ],
  [Role.Police]: [{ path: '/police', key: 'web.nav.police' }],
  [Role.Ministry]: [{ path: '/ministry', key: 'web.nav.ministry' }],
  [Role.Admin]: [
    { path: '/admin', key: 'web.nav.admin' },
    { path: '/ministry', key: 'web.nav.ministry' },
    { path: '/facility', key: 'web.nav.facility' },
  ],
};

function navOf(o: Layout, tt: (key: MessageKey) => string): string {
  const links = NAV_OF[o.user!.role];
  if (links.length < 2) return '';
  const current = `/${o.path.split('/')[1]}`;
  return `<nav class="workspaces" aria-label="${tt('web.nav.label')}">${links
    .map(
      (l) =>
        `<a href="${l.path}"${l.path === current ? ' aria-current="page"' : ''}>${tt(l.key)}</a>`,
    )
    .join('')}</nav>`;
}

/** The signed-in user, as the pages need them: who is signed in, sign-out and the way home. */
export interface PageUser {
  id: string;
  role: Role;
  /** Full name, or the e-mail address when there is none. */
  name: string;
}

interface Layout {
  locale: Locale;
  title: MessageKey;
  path: string;
  user: PageUser | null;
  main: string;
  script: string;
  /** Data for the page's script, JSON in a non-executed script element. */
  data?: Record<string, unknown>;
  extraScripts?: string[];
}

/** Every page: language switch, sign-out, the main content, and its one script module. */
export function layout(o: Layout): string {
  const tt = (key: MessageKey) => esc(t(o.locale, key));
  const languages = LOCALES.map(
    (l) =>
      `<a href="/lang/${l}?next=${encodeURIComponent(o.path)}" lang="${l}" hreflang="${l}"${
        l === o.locale ? ' aria-current="true"' : ''
      }>${{ kk: 'Қазақша', ru: 'Русский', en: 'English' }[l]}</a>`,
  ).join('');
  const boot = JSON.stringify({
    locale: o.locale,
    i18n: CATALOGUES[o.locale],
    user: o.user ? { id: o.user.id } : null,
    ...o.data,
  }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${o.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${tt(o.title)} · ${tt('web.appName')}</title>
<link rel="stylesheet" href="/assets/app.css">
<link rel="stylesheet" href="/assets/console.css">
<link rel="stylesheet" href="/assets/sos.css">
<link rel="manifest" href="/manifest.webmanifest">
<meta name="theme-color" content="#0b5cab">
<link rel="icon" type="image/png" sizes="192x192" href="/assets/icons/icon-192.png">
<link rel="apple-touch-icon" href="/assets/icons/apple-touch-icon-180.png">
</head>
<body>
<header class="bar">
  <a class="brand" href="/">${tt('web.appName')}</a>
  <nav class="langs" aria-label="${tt('web.language')}">${languages}</nav>
  ${
    o.user
      ? `${navOf(o, tt)}
  <p id="signed-in-as" class="who">${tt('web.signedInAs')}: <strong>${esc(o.user.name)}</strong> · ${tt(`role.${o.user.role}`)}</p>
  <a id="account-link" class="link" href="/account"${o.path === '/account' ? ' aria-current="page"' : ''}>${tt('web.account.link')}</a>
  <a id="account-mfa" class="link" href="/account/mfa">${tt('web.mfa.menu')}</a>
  <button type="button" id="sign-out" class="link">${tt('web.signOut')}</button>`
      : ''
  }
</header>
<main id="main">
<h1>${tt(o.title)}</h1>
${o.main}
</main>
<script id="boot" type="application/json">${boot}</script>
${(o.extraScripts ?? []).map((s) => `<script src="${s}" defer></script>`).join('\n')}
<script type="module" src="/assets/${o.script}"></script>
</body>
</html>`;
}

const options = (locale: Locale, kind: string, codes: readonly string[]) =>
  codes
    .map(
      (c) => `<option value="${esc(c)}">${esc(t(locale, `${kind}.${c}` as MessageKey))}</option>`,
    )
    .join('');

export function signInPage(locale: Locale, next: string): string {
  const tt = (key: MessageKey) => esc(t(locale, key));
  return layout({
    locale,
    title: 'web.signIn',
    path: '/',
    user: null,
    script: 'sign-in.js',
    data: { next },
    main: `<p class="lead">${tt('web.tagline')}</p>
<form id="sign-in" class="card" novalidate>
  <div class="field"><label for="email">${tt('web.email')}</label>
    <input id="email" name="email" type="email" autocomplete="username" required></div>
  <div class="field"><label for="password">${tt('web.password')}</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required></div>
  <div id="code-field" class="field" hidden><label for="code" id="code-label">${tt('web.mfa.signInCode')}</label>
    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="16" aria-describedby="code-hint">
    <p id="code-hint" class="lead">${tt('web.mfa.signInCodeHint')}</p>
    <button type="button" id="code-kind" class="link">${tt('web.mfa.useRecovery')}</button></div>
  <p id="sign-in-error" class="error" role="alert"></p>
  <button type="submit" class="primary">${tt('web.signIn')}</button>
</form>`,
  });
}

export function forbiddenPage(locale: Locale, user: PageUser, path: string): string {
  return layout({
    locale,
    title: 'web.appName',
    path,
    user,
    script: 'common.js',
    main: `<p>${esc(t(locale, 'web.forbiddenPage'))}</p><p><a href="${HOME_OF[user.role]}">${esc(
      t(locale, 'web.goHome'),
    )}</a></p>`,
  });
}

/**
 * The SOS button, first on the report page. A tap opens a confirmation whose send button is in
 * another place, so a second tap where the first one landed sends nothing; it is an ordinary
 * button, reached with the keyboard and announced by screen readers.
 */
function sosSection(tt: (key: MessageKey) => string): string {
  return `<section id="sos" class="card sos" aria-label="SOS">
  <button type="button" id="sos-open" class="sos-button" aria-expanded="false" aria-controls="sos-confirm">${tt('web.sos.button')}</button>
  <div id="sos-confirm" class="sos-confirm" hidden>
    <p id="sos-confirm-prompt" tabindex="-1">${tt('web.sos.confirmPrompt')}</p>
    <div class="sos-actions">
      <button type="button" id="sos-cancel" class="secondary">${tt('web.sos.cancel')}</button>
      <button type="button" id="sos-send" class="sos-button">${tt('web.sos.confirm')}</button>
    </div>
  </div>
  <p id="sos-status" class="sos-status" role="status" aria-live="assertive"></p>
</section>`;
}

/** A facility admin's open SOS, sent from the facility with no report yet (public/report-open-sos.js). */
function openSosSection(tt: (key: MessageKey) => string): string {
  return `<section id="open-sos" class="card" aria-labelledby="open-sos-title">
  <h2 id="open-sos-title">${tt('web.sos.openTitle')}</h2>
  <p class="lead">${tt('web.sos.openLead')}</p>
  <ul id="open-sos-list" class="list" aria-live="polite"></ul>
</section>`;
}

export function reportPage(
  locale: Locale,
  user: PageUser,
  facility: { id: string; name: string; lat?: number; lon?: number },
  units: Array<{ id: string; name: string }>,
): string {
  const tt = (key: MessageKey) => esc(t(locale, key));
  return layout({
    locale,
    title: 'web.report.title',
    path: '/report',
    user,
    script: 'report.js',
    data: {
      facilityId: facility.id,
      // Sent with an SOS when the phone cannot tell where it is.
      facilityLocation:
        facility.lat === undefined ? null : { lat: facility.lat, lon: facility.lon },
      victimRoles: VICTIM_ROLES,
      injuries: INJURIES,
    },
    main: `${sosSection(tt)}
${user.role === Role.FacilityAdmin ? openSosSection(tt) : ''}
<form id="report" class="card" novalidate>
  <div class="field"><label for="facility">${tt('web.report.facility')}</label>
    <select id="facility" name="facilityId"><option value="${esc(facility.id)}">${esc(facility.name)}</option></select></div>
  <div class="field"><label for="unit">${tt('web.report.unit')}</label>
    <select id="unit" name="unitId"><option value="">${tt('web.report.noUnit')}</option>${units
      .map((u) => `<option value="${esc(u.id)}">${esc(u.name)}</option>`)
      .join('')}</select></div>
  <div class="field"><label for="occurredAt">${tt('web.report.occurredAt')}</label>
    <input id="occurredAt" name="occurredAt" type="datetime-local" required></div>
  <div class="field"><label for="placeKind">${tt('web.report.place')}</label>
    <select id="placeKind" name="place.kind">${options(locale, 'placeKind', PLACE_KINDS)}</select></div>
  <div class="field"><label for="placeAddress">${tt('web.report.address')}</label>
    <input id="placeAddress" name="place.address" maxlength="500"></div>
  <div class="field"><label for="kind">${tt('web.report.kind')}</label>
    <select id="kind" name="kind">${options(locale, 'kind', INCIDENT_KINDS)}</select></div>
  <fieldset id="victims"><legend>${tt('web.report.victims')}</legend>
    <div id="victim-list"></div>
    <button type="button" id="add-victim" class="secondary">${tt('web.report.addVictim')}</button>
  </fieldset>
  <fieldset><legend>${tt('web.report.perpetrators')}</legend>
    <div class="field"><label for="perpetratorType">${tt('web.report.perpetratorType')}</label>
      <select id="perpetratorType" name="perpetrators.type">${options(locale, 'perpetratorType', PERPETRATOR_TYPES)}</select></div>
    <div class="field"><label for="perpetratorCount">${tt('web.report.perpetratorCount')}</label>
      <input id="perpetratorCount" name="perpetrators.count" type="number" min="1" max="100" value="1" inputmode="numeric"></div>
    <div class="field"><label for="perpetratorDescription">${tt('web.report.perpetratorDescription')}</label>
      <input id="perpetratorDescription" name="perpetrators.description" maxlength="2000"></div>
  </fieldset>
  <div class="field check"><input id="emergency" name="duringStateOfEmergency" type="checkbox">
    <label for="emergency">${tt('web.report.emergency')}</label></div>
  <div class="field"><label for="narrative">${tt('web.report.narrative')}</label>
    <textarea id="narrative" name="narrative" rows="5" maxlength="10000" required></textarea></div>
  <div class="field"><label for="witnesses">${tt('web.report.witnesses')}</label>
    <textarea id="witnesses" name="witnesses" rows="2" maxlength="5000"></textarea></div>
  <div class="field"><label for="files">${tt('web.report.attachments')}</label>
    <input id="files" type="file" accept="video/*,image/*" multiple>
    <ul id="uploads" class="uploads"></ul></div>
  <section id="classification" class="classification" aria-live="polite" hidden></section>
  <p id="form-status" class="status" role="status"></p>
  <button type="submit" id="send" class="primary">${tt('web.report.send')}</button>
</form>
<section id="done" class="card" hidden aria-live="polite"></section>
<section class="card"><h2>${tt('web.report.myReports')}</h2><ul id="my-reports" class="list"></ul></section>`,
  });
}
