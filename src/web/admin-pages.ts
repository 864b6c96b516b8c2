import { Locale, LOCALES, Role, ROLES } from '../auth/roles';
import { t } from '../i18n/i18n';
import { MessageKey } from '../i18n/messages.en';
import { DELIVERY_CHANNELS } from '../alerts/delivery.views';
import { FacilityType, POST_LANGUAGES, PostKind } from '../directory/directory.types';
import { adminPage, codeOptions, field, namedOptions } from './admin-frame';
import { esc, PageUser } from './pages';
import { Named } from './pages.repository';

type Tt = (key: MessageKey) => string;
const translator =
  (locale: Locale): Tt =>
  (key) =>
    esc(t(locale, key));

/** A table in a scrolling frame of its own, so a wide one never widens the page. */
function table(id: string, caption: MessageKey, columns: MessageKey[], tt: Tt): string {
  return `<div class="table-wrap" tabindex="0" role="region" aria-labelledby="${id}-caption">
  <table id="${id}"><caption id="${id}-caption" class="sr-only">${tt(caption)}</caption>
  <thead><tr>${columns.map((c) => `<th scope="col">${tt(c)}</th>`).join('')}</tr></thead><tbody></tbody></table></div>`;
}

const actions = (tt: Tt, prefix: string, submit: MessageKey) =>
  `<p id="${prefix}-status" class="status" role="status"></p>
  <div class="actions"><button type="submit" class="primary">${tt(submit)}</button>
  <button type="button" id="${prefix}-cancel" class="secondary">${tt('web.admin.cancel')}</button></div>`;

/** Regions and their facilities: type, headcount, accounts, coordinates; create, edit, delete. */
export function adminDirectoryPage(
  locale: Locale,
  user: PageUser,
  regions: Array<Named & { facilities: number }>,
): string {
  const tt = translator(locale);
  const busiest = [...regions].sort((a, b) => b.facilities - a.facilities)[0];
  const regionOptions = regions
    .map(
      (r) =>
        `<option value="${esc(r.id)}"${r.id === busiest?.id ? ' selected' : ''}>${esc(r.name)} (${r.facilities})</option>`,
    )
    .join('');
  return adminPage({
    locale,
    user,
    section: 'directory',
    title: 'web.admin.directory.title',
    data: { regions },
    main: `<section class="card" aria-labelledby="facilities-title">
  <h2 id="facilities-title">${tt('web.admin.directory.facilities')}</h2>
  <div class="filters">${field(tt, 'region', 'web.admin.region', `<select id="region">${regionOptions}</select>`)}
  <button type="button" id="new-facility" class="secondary">${tt('web.admin.directory.new')}</button></div>
  ${table(
    'facilities',
    'web.admin.directory.facilities',
    [
      'web.admin.name',
      'web.admin.directory.type',
      'web.admin.directory.headcount',
      'web.admin.directory.staffAccounts',
      'web.admin.directory.adminAccounts',
      'web.admin.directory.coordinates',
      'web.admin.actions',
    ],
    tt,
  )}
  <p id="facilities-status" class="status" role="status"></p>
  <button type="button" id="more-facilities" class="secondary" hidden>${tt('web.admin.more')}</button>
</section>
<section id="facility-editor" class="card" aria-labelledby="facility-editor-title" hidden>
  <h2 id="facility-editor-title" tabindex="-1"></h2>
  <form id="facility-form" novalidate>
    ${field(tt, 'f-name', 'web.admin.name', '<input id="f-name" name="name" maxlength="300" required>')}
    ${field(tt, 'f-type', 'web.admin.directory.type', `<select id="f-type" name="type">${codeOptions(locale, 'facilityType', Object.values(FacilityType))}</select>`)}
    ${field(tt, 'f-regionId', 'web.admin.region', `<select id="f-regionId" name="regionId">${namedOptions(regions)}</select>`)}
    ${field(tt, 'f-address', 'web.admin.directory.address', '<input id="f-address" name="address" maxlength="500" required>')}
    <div class="pair">
    ${field(tt, 'f-lat', 'web.admin.directory.lat', '<input id="f-lat" name="lat" inputmode="decimal" required>')}
    ${field(tt, 'f-lon', 'web.admin.directory.lon', '<input id="f-lon" name="lon" inputmode="decimal" required>')}
    </div>
    ${field(tt, 'f-staffCount', 'web.admin.directory.headcount', '<input id="f-staffCount" name="staffCount" inputmode="numeric" required>')}
    ${actions(tt, 'facility', 'web.admin.save')}
  </form>
</section>`,
  });
}

/** Police posts: kind, region, language, covered facilities, webhook and its secret, test, log. */
export function adminPostsPage(locale: Locale, user: PageUser, regions: Named[]): string {
  const tt = translator(locale);
  return adminPage({
    locale,
    user,
    section: 'posts',
    title: 'web.admin.posts.title',
    data: { regions },
    main: `<section class="card" aria-labelledby="posts-title">
  <h2 id="posts-title">${tt('web.admin.posts.list')}</h2>
  ${table(
    'posts',
    'web.admin.posts.list',
    [
      'web.admin.name',
      'web.admin.posts.kind',
      'web.admin.region',
      'web.admin.posts.language',
      'web.admin.posts.webhook',
      'web.admin.posts.covered',
      'web.admin.actions',
    ],
    tt,
  )}
  <p id="posts-status" class="status" role="status"></p>
</section>
<section id="post-editor" class="card" aria-labelledby="post-editor-title" hidden>
  <h2 id="post-editor-title" tabindex="-1"></h2>
  <form id="post-form" novalidate>
    ${field(tt, 'p-name', 'web.admin.name', '<input id="p-name" name="name" maxlength="300" required>')}
    ${field(tt, 'p-kind', 'web.admin.posts.kind', `<select id="p-kind" name="kind">${codeOptions(locale, 'web.admin.postKind', Object.values(PostKind))}</select>`)}
    ${field(tt, 'p-regionId', 'web.admin.region', `<select id="p-regionId" name="regionId"><option value="">${tt('web.admin.national')}</option>${namedOptions(regions)}</select>`)}
    ${field(tt, 'p-language', 'web.admin.posts.language', `<select id="p-language" name="language">${codeOptions(locale, 'web.admin.postLanguage', POST_LANGUAGES)}</select>`)}
    ${field(tt, 'p-facilityIds', 'web.admin.posts.covered', '<select id="p-facilityIds" name="facilityIds" multiple size="8" aria-describedby="p-facilityIds-hint"></select><p id="p-facilityIds-hint" class="lead">' + tt('web.admin.posts.coveredHint') + '</p>')}
    ${field(tt, 'p-webhookUrl', 'web.admin.posts.webhookUrl', '<input id="p-webhookUrl" name="webhookUrl" type="url" maxlength="2000" inputmode="url" autocomplete="off" aria-describedby="p-webhookUrl-hint"><p id="p-webhookUrl-hint" class="lead">' + tt('web.admin.posts.webhookUrlHint') + '</p>')}
    ${field(tt, 'p-webhookSecret', 'web.admin.posts.newSecret', '<input id="p-webhookSecret" name="webhookSecret" type="password" autocomplete="off" maxlength="400" spellcheck="false" aria-describedby="secret-state"><p id="secret-state" class="lead"></p>')}
    ${actions(tt, 'post', 'web.admin.save')}
  </form>
  <h3 id="secret-title">${tt('web.admin.posts.secret')}</h3>
  <p id="secret-status" class="status" role="status"></p>
  <button type="button" id="rotate-secret" class="secondary">${tt('web.admin.posts.rotate')}</button>
  <div id="new-secret" class="once" hidden>
    <p>${tt('web.admin.posts.secretOnce')}</p>
    <p><code id="new-secret-value" class="secret"></code></p>
    <button type="button" id="copy-secret" class="secondary">${tt('web.admin.copy')}</button>
    <span id="copy-secret-status" role="status"></span>
  </div>
  <h3>${tt('web.admin.posts.test')}</h3>
  <button type="button" id="send-test" class="secondary">${tt('web.admin.posts.sendTest')}</button>
  <p id="test-status" class="status" role="status"></p>
  <dl id="test-attempt" class="attempt" hidden></dl>
  <h3 id="deliveries-title">${tt('web.admin.posts.deliveries')}</h3>
  <div class="filters">${field(tt, 'd-channel', 'web.admin.posts.channel', `<select id="d-channel"><option value="">${tt('web.admin.posts.allChannels')}</option>${codeOptions(locale, 'web.admin.channel', DELIVERY_CHANNELS)}</select>`)}</div>
  ${table(
    'deliveries',
    'web.admin.posts.deliveries',
    [
      'web.admin.posts.at',
      'web.admin.posts.attemptKind',
      'web.admin.posts.channel',
      'web.admin.posts.outcome',
      'web.admin.posts.responseCode',
      'web.admin.posts.latency',
      'web.admin.posts.error',
    ],
    tt,
  )}
</section>`,
  });
}

/** Accounts of every role: find, create (a set-password link, never a typed password), act on one. */
export function adminUsersPage(
  locale: Locale,
  user: PageUser,
  facilities: Named[],
  posts: Named[],
): string {
  const tt = translator(locale);
  const any = `<option value="">${tt('web.admin.any')}</option>`;
  return adminPage({
    locale,
    user,
    section: 'users',
    title: 'web.admin.users.title',
    data: { facilities, posts },
    main: `<form id="user-filters" class="card filters" role="search">
  ${field(tt, 'q', 'web.admin.users.text', '<input id="q" name="q" type="search" maxlength="200">')}
  ${field(tt, 'filter-role', 'web.admin.users.role', `<select id="filter-role" name="role">${any}${codeOptions(locale, 'role', ROLES)}</select>`)}
  ${field(tt, 'filter-facility', 'web.admin.users.facility', `<select id="filter-facility" name="facilityId">${any}${namedOptions(facilities)}</select>`)}
  ${field(tt, 'filter-post', 'web.admin.users.post', `<select id="filter-post" name="policePostId">${any}${namedOptions(posts)}</select>`)}
  <button type="submit" class="primary">${tt('web.admin.users.find')}</button>
</form>
<section class="card" aria-labelledby="users-title">
  <h2 id="users-title">${tt('web.admin.users.list')}</h2>
  ${table(
    'users',
    'web.admin.users.list',
    [
      'web.admin.name',
      'web.admin.users.email',
      'web.admin.users.role',
      'web.admin.users.placement',
      'web.admin.users.state',
      'web.admin.actions',
    ],
    tt,
  )}
  <p id="users-status" class="status" role="status"></p>
  <button type="button" id="more-users" class="secondary" hidden>${tt('web.admin.more')}</button>
  <div id="user-link" class="once" hidden>
    <p id="user-link-lead"></p>
    <p><code id="user-link-url" class="secret"></code></p>
    <button type="button" id="copy-link" class="secondary">${tt('web.admin.copy')}</button>
    <span id="copy-link-status" role="status"></span>
  </div>
</section>
<section class="card" aria-labelledby="new-user-title">
  <h2 id="new-user-title">${tt('web.admin.users.new')}</h2>
  <p class="lead">${tt('web.admin.users.newLead')}</p>
  <form id="user-form" novalidate>
    ${field(tt, 'u-email', 'web.admin.users.email', '<input id="u-email" name="email" type="email" maxlength="254" autocomplete="off" required>')}
    ${field(tt, 'u-fullName', 'web.admin.name', '<input id="u-fullName" name="fullName" maxlength="300" autocomplete="off" required>')}
    ${field(tt, 'u-role', 'web.admin.users.role', `<select id="u-role" name="role">${codeOptions(locale, 'role', [Role.Staff, Role.FacilityAdmin, Role.Police, Role.Ministry, Role.Admin])}</select>`)}
    ${field(tt, 'u-facilityId', 'web.admin.users.facility', `<select id="u-facilityId" name="facilityId">${namedOptions(facilities)}</select>`)}
    ${field(tt, 'u-policePostId', 'web.admin.users.post', `<select id="u-policePostId" name="policePostId">${namedOptions(posts)}</select>`)}
    ${field(tt, 'u-locale', 'web.admin.users.locale', `<select id="u-locale" name="locale">${LOCALES.map((l) => `<option value="${l}"${l === 'ru' ? ' selected' : ''}>${{ kk: 'Қазақша', ru: 'Русский', en: 'English' }[l]}</option>`).join('')}</select>`)}
    ${field(tt, 'u-phone', 'web.admin.users.phone', '<input id="u-phone" name="phone" type="tel" maxlength="16" autocomplete="off" placeholder="+77011234567">')}
    <p id="user-status" class="status" role="status"></p>
    <button type="submit" class="primary">${tt('web.admin.users.create')}</button>
  </form>
</section>`,
  });
}

/** Rule-set versions, and a new one from a JSON editor, tried on sample reports before saving. */
export function adminRuleSetsPage(locale: Locale, user: PageUser): string {
  const tt = translator(locale);
  return adminPage({
    locale,
    user,
    section: 'rule-sets',
    title: 'web.admin.ruleSets.title',
    main: `<section class="card" aria-labelledby="versions-title">
  <h2 id="versions-title">${tt('web.admin.ruleSets.versions')}</h2>
  ${table('rule-sets', 'web.admin.ruleSets.versions', ['web.admin.ruleSets.version', 'web.admin.ruleSets.effectiveFrom', 'web.admin.ruleSets.categories'], tt)}
</section>
<section class="card" aria-labelledby="editor-title">
  <h2 id="editor-title">${tt('web.admin.ruleSets.new')}</h2>
  <form id="rule-set-form" novalidate>
    <div class="field"><label for="rule-set-json">${tt('web.admin.ruleSets.json')}</label>
      <textarea id="rule-set-json" class="code" rows="22" spellcheck="false" autocapitalize="off" aria-describedby="rule-set-hint rule-set-json-error"></textarea>
      <p id="rule-set-hint" class="lead">${tt('web.admin.ruleSets.hint')}</p>
      <p class="error" id="rule-set-json-error"></p></div>
    <ul id="rule-set-problems" class="problems" aria-live="polite"></ul>
    <p id="rule-set-status" class="status" role="status"></p>
    <div class="actions"><button type="button" id="preview-rule-set" class="secondary">${tt('web.admin.ruleSets.preview')}</button>
    <button type="submit" class="primary">${tt('web.admin.ruleSets.save')}</button></div>
  </form>
  <section id="preview" aria-labelledby="preview-title" hidden>
    <h3 id="preview-title">${tt('web.admin.ruleSets.previewTitle')}</h3>
    ${table('preview-table', 'web.admin.ruleSets.previewTitle', ['web.admin.ruleSets.sample', 'web.admin.ruleSets.underCurrent', 'web.admin.ruleSets.underDraft'], tt)}
  </section>
</section>`,
  });
}

/** States of emergency: the list, recording one, ending one early. */
export function adminEmergenciesPage(locale: Locale, user: PageUser, regions: Named[]): string {
  const tt = translator(locale);
  return adminPage({
    locale,
    user,
    section: 'emergencies',
    title: 'web.admin.emergencies.title',
    data: { regions },
    main: `<section class="card" aria-labelledby="emergencies-title">
  <h2 id="emergencies-title">${tt('web.admin.emergencies.list')}</h2>
  ${table('emergencies', 'web.admin.emergencies.list', ['web.admin.region', 'web.admin.emergencies.from', 'web.admin.emergencies.to', 'web.admin.emergencies.description', 'web.admin.emergencies.state', 'web.admin.emergencies.endEarly'], tt)}
  <p id="emergencies-status" class="status" role="status"></p>
</section>
<section class="card" aria-labelledby="record-title">
  <h2 id="record-title">${tt('web.admin.emergencies.record')}</h2>
  <form id="emergency-form" novalidate>
    ${field(tt, 'e-regionId', 'web.admin.region', `<select id="e-regionId" name="regionId"><option value="">${tt('web.admin.national')}</option>${namedOptions(regions)}</select>`)}
    <div class="pair">
    ${field(tt, 'e-from', 'web.admin.emergencies.from', '<input id="e-from" name="from" type="datetime-local" required>')}
    ${field(tt, 'e-to', 'web.admin.emergencies.to', '<input id="e-to" name="to" type="datetime-local" required>')}
    </div>
    ${field(tt, 'e-description', 'web.admin.emergencies.description', '<textarea id="e-description" name="description" rows="3" maxlength="2000" required></textarea>')}
    <p id="emergency-status" class="status" role="status"></p>
    <button type="submit" class="primary">${tt('web.admin.emergencies.recordButton')}</button>
  </form>
</section>`,
  });
}
