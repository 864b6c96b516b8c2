import { Locale, LOCALES, Role, UserActor } from '../auth/roles';
import { t } from '../i18n/i18n';
import { MessageKey } from '../i18n/messages.en';
import { facilityFrame } from './facility-frame';
import { confirmDialog, onceBox, PEOPLE_STYLES } from './facility-people-parts';
import { esc, layout, PageUser } from './pages';
import { Named } from './pages.repository';

const LANGUAGE_NAMES: Record<Locale, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };
const LISTED_ROLES = [Role.Staff, Role.FacilityAdmin, Role.Police];

/**
 * The facility's accounts (public/facility-staff.js): the list with its filters, a new staff
 * account whose holder chooses the password through a link shown once, and each account's
 * deactivation (with its undo), password reset and MFA reset.
 */
export function facilityStaffPage(
  locale: Locale,
  user: PageUser,
  actor: UserActor,
  facilityId: string | null,
  facilities: Named[],
): string {
  const tt = (key: MessageKey) => esc(t(locale, key));
  const frame = facilityFrame(locale, actor, 'staff', facilityId, facilities);
  const body = facilityId
    ? `${onceBox(tt, 'link-once', 'web.people.linkTitle', 'web.people.linkLabel')}
<section class="card" aria-labelledby="create-title">
  <h2 id="create-title">${tt('web.staff.createTitle')}</h2>
  <p class="lead">${tt('web.staff.createLead')}</p>
  <form id="create-staff" novalidate>
    <div class="field"><label for="staff-fullName">${tt('web.staff.fullName')}</label>
      <input id="staff-fullName" name="fullName" required maxlength="300" autocomplete="off" aria-describedby="staff-fullName-error">
      <p id="staff-fullName-error" class="error"></p></div>
    <div class="field"><label for="staff-email">${tt('web.email')}</label>
      <input id="staff-email" name="email" type="email" required maxlength="254" autocomplete="off" aria-describedby="staff-email-error">
      <p id="staff-email-error" class="error"></p></div>
    <div class="field"><label for="staff-phone">${tt('web.staff.phone')}</label>
      <input id="staff-phone" name="phone" type="tel" autocomplete="off" aria-describedby="staff-phone-error">
      <p id="staff-phone-error" class="error"></p></div>
    <div class="field"><label for="staff-locale">${tt('web.staff.locale')}</label>
      <select id="staff-locale" name="locale">${LOCALES.map(
        (l) =>
          `<option value="${l}" lang="${l}"${l === locale ? ' selected' : ''}>${LANGUAGE_NAMES[l]}</option>`,
      ).join('')}</select></div>
    <p id="create-error" class="error" role="alert"></p>
    <button type="submit" class="primary">${tt('web.staff.create')}</button>
  </form>
</section>
<section class="card" aria-labelledby="list-title">
  <h2 id="list-title">${tt('web.staff.listTitle')}</h2>
  <div class="filters">
    <div class="field"><label for="staff-search">${tt('web.staff.search')}</label>
      <input id="staff-search" type="search" autocomplete="off"></div>
    <div class="field"><label for="staff-role">${tt('web.staff.roleFilter')}</label>
      <select id="staff-role"><option value="">${tt('web.staff.anyRole')}</option>${LISTED_ROLES.map(
        (r) => `<option value="${r}">${tt(`role.${r}`)}</option>`,
      ).join('')}</select></div>
  </div>
  <p id="staff-count" class="lead" aria-live="polite"></p>
  <p id="staff-status" class="status" role="status"></p>
  <div class="table-wrap" tabindex="0" role="region" aria-labelledby="list-title">
    <table id="staff-table">
      <thead><tr><th scope="col">${tt('web.staff.col.name')}</th><th scope="col">${tt('web.staff.col.email')}</th><th scope="col">${tt('web.staff.col.role')}</th><th scope="col">${tt('web.staff.col.phone')}</th><th scope="col">${tt('web.staff.col.mfa')}</th><th scope="col">${tt('web.staff.col.state')}</th><th scope="col">${tt('web.staff.col.lastSignIn')}</th><th scope="col">${tt('web.staff.col.actions')}</th></tr></thead>
      <tbody></tbody>
    </table>
  </div>
</section>
${confirmDialog(tt)}`
    : '';
  return layout({
    locale,
    title: 'web.staff.title',
    path: '/facility/staff',
    user,
    script: 'facility-staff.js',
    data: { facilityId, admin: actor.role === Role.Admin },
    main: `${PEOPLE_STYLES}${frame}${body}`,
  });
}
