import { Locale, UserActor } from '../auth/roles';
import { t } from '../i18n/i18n';
import { MessageKey } from '../i18n/messages.en';
import { IncidentStatus } from '../incidents/incident-status';
import { SUPPORT_KINDS, SUPPORT_STATES } from '../incidents/victim-support-rules';
import { facilityFrame } from './facility-frame';
import { esc, layout, PageUser } from './pages';
import { Named } from './pages.repository';

const STATUSES = Object.values(IncidentStatus);

/**
 * The facility workspace's reports: filters, the list newest first with "more", and the full
 * report opened in the page (public/facility.js, facility-detail.js, facility-footage.js,
 * incident-event.js, facility-support.js).
 */
export function facilityReportsPage(
  locale: Locale,
  user: PageUser,
  actor: UserActor,
  facilityId: string | null,
  facilities: Named[],
  units: Named[],
): string {
  const tt = (key: MessageKey) => esc(t(locale, key));
  const any = `<option value="">${tt('web.facility.reports.any')}</option>`;
  const reports = facilityId
    ? `<form id="report-filters" class="card filters" novalidate aria-label="${tt('web.facility.reports.filters')}">
  <div class="field"><label for="filter-from">${tt('web.facility.reports.from')}</label><input id="filter-from" name="from" type="date"></div>
  <div class="field"><label for="filter-to">${tt('web.facility.reports.to')}</label><input id="filter-to" name="to" type="date"></div>
  <div class="field"><label for="filter-status">${tt('web.facility.reports.status')}</label>
    <select id="filter-status" name="status">${any}${STATUSES.map((s) => `<option value="${s}">${esc(t(locale, `status.${s}` as MessageKey))}</option>`).join('')}</select></div>
  <div class="field"><label for="filter-category">${tt('web.facility.reports.category')}</label>
    <select id="filter-category" name="category">${any}</select></div>
  <div class="field"><label for="filter-unit">${tt('web.facility.reports.unit')}</label>
    <select id="filter-unit" name="unitId">${any}${units.map((u) => `<option value="${esc(u.id)}">${esc(u.name)}</option>`).join('')}</select></div>
  <button type="submit" class="primary">${tt('web.facility.reports.show')}</button>
</form>
<section id="report-list" class="card" aria-labelledby="reports-title">
  <h2 id="reports-title">${tt('web.facility.reports.title')}</h2>
  <div class="table-wrap" tabindex="0" role="region" aria-labelledby="reports-title">
    <table id="reports-table"><caption class="sr-only">${tt('web.facility.reports.title')}</caption>
      <thead><tr><th scope="col">${tt('web.facility.reports.reference')}</th><th scope="col">${tt('web.facility.reports.occurredAt')}</th><th scope="col">${tt('web.facility.reports.category')}</th><th scope="col">${tt('web.facility.reports.status')}</th><th scope="col">${tt('web.facility.reports.unit')}</th><th scope="col" class="num">${tt('web.facility.reports.victims')}</th></tr></thead>
      <tbody></tbody></table></div>
  <p id="reports-status" class="status" role="status" aria-live="polite"></p>
  <button type="button" id="reports-more" class="secondary" hidden>${tt('web.facility.reports.more')}</button>
</section>
<section id="report-detail" class="card" hidden aria-labelledby="detail-title">
  <button type="button" id="detail-back" class="link">${tt('web.facility.detail.back')}</button>
  <h2 id="detail-title" tabindex="-1"></h2>
  <div id="detail-body"></div>
</section>`
    : '';
  return layout({
    locale,
    title: 'web.facility.title',
    path: '/facility',
    user,
    script: 'facility.js',
    data: {
      facilityId,
      role: actor.role,
      units,
      supportKinds: SUPPORT_KINDS,
      supportStates: SUPPORT_STATES,
    },
    main: `<link rel="stylesheet" href="/assets/facility.css">
${facilityFrame(locale, actor, 'reports', facilityId, facilities)}
${reports}`,
  });
}
