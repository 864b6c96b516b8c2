import { Locale, Role, UserActor } from '../auth/roles';
import { t } from '../i18n/i18n';
import { MessageKey } from '../i18n/messages.en';
import { esc } from './pages';
import { Named } from './pages.repository';

/** The facility workspace's sections, each a page of its own under `/facility`. */
export const FACILITY_SECTIONS = [
  { id: 'reports', path: '/facility', key: 'web.facility.tab.reports' },
  { id: 'staff', path: '/facility/staff', key: 'web.facility.tab.staff' },
  { id: 'devices', path: '/facility/devices', key: 'web.facility.tab.devices' },
] as const;

export type FacilitySection = (typeof FACILITY_SECTIONS)[number]['id'];

/**
 * The facility a workspace page works on: a facility admin's own; for an admin, the one named by
 * `?facilityId=` when it exists, else none yet (the page then asks for one).
 */
export function workspaceFacility(
  actor: UserActor,
  requested: unknown,
  facilities: Named[],
): string | null {
  if (actor.role === Role.FacilityAdmin) return actor.facilityId;
  return typeof requested === 'string' && facilities.some((f) => f.id === requested)
    ? requested
    : null;
}

/**
 * The frame above every workspace section: the sections as links (carrying an admin's facility
 * choice) and, for admins, the facility picker.
 */
export function facilityFrame(
  locale: Locale,
  actor: UserActor,
  active: FacilitySection,
  facilityId: string | null,
  facilities: Named[],
): string {
  const tt = (key: MessageKey) => esc(t(locale, key));
  const admin = actor.role === Role.Admin;
  const suffix = admin && facilityId ? `?facilityId=${encodeURIComponent(facilityId)}` : '';
  const tabs = `<nav class="tabs" aria-label="${tt('web.facility.sections')}">${FACILITY_SECTIONS.map(
    (s) =>
      `<a href="${s.path}${suffix}"${s.id === active ? ' aria-current="page"' : ''}>${tt(s.key)}</a>`,
  ).join('')}</nav>`;
  if (!admin) return tabs;
  const current = FACILITY_SECTIONS.find((s) => s.id === active)!.path;
  const picker = `<form class="card filters" method="get" action="${current}" id="facility-picker">
  ${facilityId ? '' : `<p class="lead">${tt('web.facility.chooseLead')}</p>`}
  <div class="field"><label for="facility-choice">${tt('web.facility.choose')}</label>
    <select id="facility-choice" name="facilityId" required>${facilities
      .map(
        (f) =>
          `<option value="${esc(f.id)}"${f.id === facilityId ? ' selected' : ''}>${esc(f.name)}</option>`,
      )
      .join('')}</select></div>
  <button type="submit" class="secondary">${tt('web.facility.chooseButton')}</button>
</form>`;
  return `${picker}${facilityId ? tabs : ''}`;
}
