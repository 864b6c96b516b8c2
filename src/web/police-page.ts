import { Locale } from '../auth/roles';
import { t } from '../i18n/i18n';
import { MessageKey } from '../i18n/messages.en';
import { OUTCOMES } from '../incidents/incident-status';
import { esc, layout, PageUser } from './pages';

/** The police console: the post's alerts live, the incident, the duty roster, notifications. */
export function policePage(locale: Locale, user: PageUser): string {
  const tt = (key: MessageKey) => esc(t(locale, key));
  return layout({
    locale,
    title: 'web.police.title',
    path: '/police',
    user,
    script: 'police.js',
    data: { outcomes: OUTCOMES },
    main: `<p class="status-line"><span id="connection" class="connection" role="status"></span>
  <button type="button" id="sound" class="secondary">${tt('web.police.enableSound')}</button></p>
<p id="sound-blocked" class="notice" role="alert" hidden>${tt('web.police.soundBlocked')}
  <button type="button" class="primary">${tt('web.police.allowSound')}</button></p>
<section id="push" class="card push" aria-labelledby="push-title" hidden><h2 id="push-title">${tt('web.push.title')}</h2>
  <p id="push-status" role="status"></p>
  <button type="button" id="push-on" class="primary">${tt('web.push.notify')}</button>
  <button type="button" id="push-off" class="secondary" hidden>${tt('web.push.stop')}</button></section>
<div class="console">
  <section class="card" aria-labelledby="alerts-title"><h2 id="alerts-title">${tt('web.police.alerts')}</h2>
    <ul id="alerts" class="list alerts" aria-live="polite"></ul></section>
  <section id="detail" class="card" aria-labelledby="detail-title" hidden><h2 id="detail-title">${tt('web.police.detail')}</h2>
    <div id="detail-body"></div></section>
</div>
${rosterSection(tt)}`,
  });
}

/** The post's duty roster on the console: today's and tomorrow's shifts, adding and removing. */
function rosterSection(tt: (key: MessageKey) => string): string {
  return `<section id="roster" class="card" aria-labelledby="roster-title"><h2 id="roster-title">${tt('web.roster.title')}</h2>
  <h3>${tt('web.roster.today')}</h3><ul id="roster-today" class="list"></ul>
  <h3>${tt('web.roster.tomorrow')}</h3><ul id="roster-tomorrow" class="list"></ul>
  <form id="roster-form" class="filters">
    <div class="field"><label for="roster-officer">${tt('web.roster.officer')}</label><select id="roster-officer" name="userId" required></select></div>
    <div class="field"><label for="roster-from">${tt('web.roster.from')}</label><input id="roster-from" name="from" type="datetime-local" required></div>
    <div class="field"><label for="roster-to">${tt('web.roster.to')}</label><input id="roster-to" name="to" type="datetime-local" required></div>
    <button type="submit">${tt('web.roster.add')}</button>
    <p id="roster-error" class="error" role="alert" hidden></p>
  </form>
</section>`;
}
