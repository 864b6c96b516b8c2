import { Locale, UserActor } from '../auth/roles';
import { UnitKind } from '../directory/directory.types';
import { t } from '../i18n/i18n';
import { MessageKey } from '../i18n/messages.en';
import { facilityFrame } from './facility-frame';
import { confirmDialog, onceBox, PEOPLE_STYLES } from './facility-people-parts';
import { esc, layout, PageUser } from './pages';
import { Named } from './pages.repository';

/**
 * The facility's units with their devices and device keys (public/facility-devices.js): units
 * added, renamed and deleted; devices added, edited and removed; keys issued (shown once),
 * listed by their beginning and revoked. Each removal says first who it stops.
 */
export function facilityDevicesPage(
  locale: Locale,
  user: PageUser,
  actor: UserActor,
  facility: { id: string; unitKinds: UnitKind[] } | null,
  facilities: Named[],
): string {
  const tt = (key: MessageKey) => esc(t(locale, key));
  const frame = facilityFrame(locale, actor, 'devices', facility?.id ?? null, facilities);
  const body = facility
    ? `${onceBox(tt, 'key-once', 'web.people.keyTitle', 'web.people.keyLabel')}
<section class="card" aria-labelledby="unit-create-title">
  <h2 id="unit-create-title">${tt('web.devices.unitCreateTitle')}</h2>
  <form id="create-unit" novalidate>
    <div class="field"><label for="unit-name">${tt('web.devices.unitName')}</label>
      <input id="unit-name" name="name" required maxlength="300" autocomplete="off"></div>
    <div class="field"><label for="unit-kind">${tt('web.devices.unitKind')}</label>
      <select id="unit-kind" name="kind">${facility.unitKinds
        .map((k) => `<option value="${k}">${tt(`web.devices.unitKind.${k}`)}</option>`)
        .join('')}</select></div>
    <p id="unit-error" class="error" role="alert"></p>
    <button type="submit" class="primary">${tt('web.devices.unitCreate')}</button>
  </form>
</section>
<p id="units-status" class="status" role="status"></p>
<div id="units" aria-live="polite"><p class="lead">${tt('web.people.loading')}</p></div>
${confirmDialog(tt)}`
    : '';
  return layout({
    locale,
    title: 'web.devices.title',
    path: '/facility/devices',
    user,
    script: 'facility-devices.js',
    data: { facilityId: facility?.id ?? null },
    main: `${PEOPLE_STYLES}${frame}${body}`,
  });
}
