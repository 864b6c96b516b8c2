import { Locale } from '../auth/roles';
import { t } from '../i18n/i18n';
import { MessageKey } from '../i18n/messages.en';
import { esc, layout, PageUser } from './pages';

/** The operator console's sections, each a page of its own under `/admin`; the last is the queue dashboard's. */
export const ADMIN_SECTIONS = [
  { id: 'directory', path: '/admin', key: 'web.admin.tab.directory' },
  { id: 'posts', path: '/admin/posts', key: 'web.admin.tab.posts' },
  { id: 'users', path: '/admin/users', key: 'web.admin.tab.users' },
  { id: 'rule-sets', path: '/admin/rule-sets', key: 'web.admin.tab.ruleSets' },
  { id: 'emergencies', path: '/admin/emergencies', key: 'web.admin.tab.emergencies' },
  { id: 'queues', path: '/admin/queues', key: 'web.admin.tab.queues' },
] as const;

export type AdminSection = Exclude<(typeof ADMIN_SECTIONS)[number]['id'], 'queues'>;

/** The tab strip above every section of the console. */
export function adminTabs(locale: Locale, active: AdminSection): string {
  const tt = (key: MessageKey) => esc(t(locale, key));
  return `<nav class="tabs" aria-label="${tt('web.admin.sections')}">${ADMIN_SECTIONS.map(
    (s) => `<a href="${s.path}"${s.id === active ? ' aria-current="page"' : ''}>${tt(s.key)}</a>`,
  ).join('')}</nav>`;
}

/** A console section: the common layout with the tab strip, the console's styles and its script. */
export function adminPage(o: {
  locale: Locale;
  user: PageUser;
  section: AdminSection;
  title: MessageKey;
  main: string;
  data?: Record<string, unknown>;
}): string {
  const path = ADMIN_SECTIONS.find((s) => s.id === o.section)!.path;
  return layout({
    locale: o.locale,
    title: o.title,
    path,
    user: o.user,
    script: `admin-${o.section}.js`,
    data: o.data,
    main: `<link rel="stylesheet" href="/assets/admin.css">
${adminTabs(o.locale, o.section)}
${o.main}`,
  });
}

/** A labelled field with the place its problem is shown; `control` is the input, select or textarea. */
export function field(
  tt: (key: MessageKey) => string,
  id: string,
  label: MessageKey,
  control: string,
): string {
  return `<div class="field"><label for="${id}">${tt(label)}</label>
    ${control}
    <p class="error" id="${id}-error" data-error-for="${id}"></p></div>`;
}

/** `<option>`s of codes labelled from the catalogue (`kind.code`). */
export function codeOptions(locale: Locale, kind: string, codes: readonly string[]): string {
  return codes
    .map(
      (c) => `<option value="${esc(c)}">${esc(t(locale, `${kind}.${c}` as MessageKey))}</option>`,
    )
    .join('');
}

/** `<option>`s of named rows. */
export function namedOptions(rows: Array<{ id: string; name: string }>): string {
  return rows.map((r) => `<option value="${esc(r.id)}">${esc(r.name)}</option>`).join('');
}
