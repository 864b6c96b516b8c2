import { Locale, Role } from '../auth/roles';
import { t } from '../i18n/i18n';
import { MessageKey } from '../i18n/messages.en';
import { esc, layout, PageUser } from './pages';

/**
 * One report as its reporter and the facility's admin see it (public/case.js fills it from the
 * API): what was filed, its classification, what the police did, footage and addenda, and a form
 * that adds to it. Nothing on the page edits what was filed.
 */
export function casePage(
  locale: Locale,
  user: PageUser,
  incident: { id: string; reference: string },
  view: { units: Record<string, string>; pollSeconds: number },
): string {
  const tt = (key: MessageKey) => esc(t(locale, key));
  return layout({
    locale,
    title: 'web.case.title',
    path: `/reports/${incident.id}`,
    user,
    script: 'case.js',
    data: {
      incidentId: incident.id,
      units: view.units,
      pollMs: view.pollSeconds * 1000,
      // Footage plays for those the API lets open it: the facility's admin, not the reporter.
      canPlay: user.role === Role.FacilityAdmin,
    },
    main: `<p><a href="/report">${tt('web.case.back')}</a></p>
<p class="lead" id="case-reference">${esc(incident.reference)}</p>
<p id="case-live" class="status" role="status" aria-live="polite"></p>
<div id="case" aria-busy="true"><p id="case-loading" class="card">${tt('web.case.loading')}</p></div>
<section id="push" class="card push" aria-labelledby="push-title" hidden><h2 id="push-title">${tt('web.push.title')}</h2>
  <p class="lead">${tt('web.case.push.lead')}</p>
  <p id="push-status" role="status"></p>
  <button type="button" id="push-on" class="primary">${tt('web.push.notify')}</button>
  <button type="button" id="push-off" class="secondary" hidden>${tt('web.push.stop')}</button></section>
<form id="addendum-form" class="card" novalidate aria-labelledby="addendum-title">
  <h2 id="addendum-title">${tt('web.case.addTitle')}</h2>
  <p class="lead" id="addendum-lead">${tt('web.case.addLead')}</p>
  <div class="field"><label for="addendum-text">${tt('web.case.addLabel')}</label>
    <textarea id="addendum-text" name="text" rows="4" maxlength="5000" required aria-describedby="addendum-lead addendum-text-error"></textarea>
    <p class="error" id="addendum-text-error" data-for="addendum-text"></p></div>
  <p id="addendum-status" class="status" role="status"></p>
  <button type="submit" id="addendum-send" class="primary">${tt('web.case.addSend')}</button>
</form>`,
  });
}

/** The same answer for a report that is not there and for one that is someone else's. */
export function caseNotFoundPage(locale: Locale, user: PageUser, path: string): string {
  const tt = (key: MessageKey) => esc(t(locale, key));
  return layout({
    locale,
    title: 'web.case.title',
    path,
    user,
    script: 'common.js',
    main: `<p id="case-not-found">${tt('web.case.notFound')}</p><p><a href="/report">${tt('web.case.back')}</a></p>`,
  });
}
