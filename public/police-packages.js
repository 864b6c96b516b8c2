import { api, el, problemText, t } from './common.js';

// The police console's evidence package of an incident: choose verified linked footage and the
// report's language, build it, follow its status, download it, hand it over with a share link
// (shown once, with a copy button) and revoke every link.

const POLL_MS = 2000;
/** At most this many status checks (about three minutes) before the block stops asking. */
const POLLS = 90;
const remembered = (incidentId) => `mg-package:${incidentId}`;

/** The block for an incident's detail; `footage` is the incident's linked footage. */
export function evidencePackageBlock(incidentId, footage) {
  const usable = footage.filter((f) => f.status === 'verified');
  const status = el('p', { id: 'package-status', role: 'status' });
  const actions = el('div', { id: 'package-actions' });
  const error = el('p', { class: 'error', id: 'package-error', role: 'alert' });
  const block = el(
    'section',
    { id: 'evidence-package', class: 'card', 'aria-labelledby': 'package-title' },
    el('h3', { id: 'package-title' }, t('web.package.title')),
    el('p', {}, t('web.package.lead')),
  );
  if (!usable.length) {
    block.append(el('p', {}, t('web.package.noFootage')));
    return block;
  }
  const form = el(
    'form',
    { id: 'package-form', novalidate: true, onsubmit: (e) => build(e) },
    el(
      'fieldset',
      {},
      el('legend', {}, t('web.package.files')),
      usable.map((f) =>
        el(
          'label',
          { class: 'check' },
          el('input', { type: 'checkbox', name: 'footageIds', value: f.id, checked: true }),
          ` ${f.fileName ?? f.contentType}`,
        ),
      ),
    ),
    el(
      'div',
      { class: 'field' },
      el('label', { for: 'package-language' }, t('web.package.language')),
      el(
        'select',
        { id: 'package-language', name: 'language' },
        ['kk', 'ru', 'en'].map((l) =>
          el('option', { value: l }, { kk: 'Қазақша', ru: 'Русский', en: 'English' }[l]),
        ),
      ),
    ),
    el('button', { type: 'submit', class: 'primary' }, t('web.package.build')),
  );
  block.append(form, status, actions, error);

  async function build(event) {
    event.preventDefault();
    error.textContent = '';
    const footageIds = [...form.querySelectorAll('input[name=footageIds]:checked')].map(
      (i) => i.value,
    );
    if (!footageIds.length) {
      error.textContent = t('web.package.chooseFile');
      return;
    }
    try {
      const made = await api(`/api/v1/incidents/${incidentId}/evidence-packages`, {
        method: 'POST',
        body: { footageIds, language: form.language.value },
      });
      sessionStorage.setItem(remembered(incidentId), made.id);
      follow(made.id);
    } catch (e) {
      error.textContent = problemText(e);
    }
  }

  async function follow(packageId, polls = POLLS) {
    let pkg;
    try {
      pkg = await api(`/api/v1/evidence-packages/${packageId}`);
    } catch {
      sessionStorage.removeItem(remembered(incidentId));
      return;
    }
    block.dataset.package = pkg.id;
    block.dataset.packageStatus = pkg.status;
    actions.replaceChildren();
    if (pkg.status === 'building') {
      status.textContent = t('web.package.building');
      if (polls > 0 && block.isConnected) setTimeout(() => follow(packageId, polls - 1), POLL_MS);
      return;
    }
    if (pkg.status === 'failed') {
      status.textContent = t('web.package.failed');
      return;
    }
    status.replaceChildren(
      `${t('web.package.ready')} · SHA-256 `,
      el('code', { id: 'package-sha256' }, pkg.sha256),
    );
    actions.append(shareControls(pkg.id));
  }

  function shareControls(packageId) {
    const link = el('code', { id: 'package-link' });
    const copied = el('span', { role: 'status' });
    const shown = el(
      'p',
      { id: 'package-link-box', hidden: true },
      `${t('web.package.linkOnce')} `,
      link,
      ' ',
      el(
        'button',
        {
          type: 'button',
          class: 'secondary',
          id: 'package-copy',
          onclick: async () => {
            try {
              await navigator.clipboard.writeText(link.textContent);
            } catch {
              getSelection().selectAllChildren(link);
            }
            copied.textContent = t('web.package.copied');
          },
        },
        t('web.package.copy'),
      ),
      ' ',
      copied,
    );
    const hours = el('input', {
      id: 'package-hours',
      name: 'expiresInHours',
      type: 'number',
      min: 1,
      max: 168,
      value: 72,
    });
    return el(
      'div',
      {},
      el(
        'p',
        {},
        el(
          'a',
          {
            class: 'button',
            id: 'package-download',
            href: `/api/v1/evidence-packages/${packageId}/content`,
          },
          t('web.package.download'),
        ),
      ),
      el(
        'form',
        {
          id: 'package-share',
          class: 'filters',
          novalidate: true,
          onsubmit: async (e) => {
            e.preventDefault();
            error.textContent = '';
            try {
              const made = await api(`/api/v1/evidence-packages/${packageId}/share`, {
                method: 'POST',
                body: { expiresInHours: Number(hours.value) },
              });
              link.textContent = made.url;
              shown.hidden = false;
            } catch (err) {
              error.textContent = problemText(err, hours);
            }
          },
        },
        el(
          'div',
          { class: 'field' },
          el('label', { for: 'package-hours' }, t('web.package.hours')),
          hours,
        ),
        el('button', { type: 'submit', class: 'secondary' }, t('web.package.share')),
        el(
          'button',
          {
            type: 'button',
            class: 'secondary',
            id: 'package-revoke',
            onclick: async () => {
              try {
                await api(`/api/v1/evidence-packages/${packageId}/share`, { method: 'DELETE' });
                shown.hidden = true;
                link.textContent = '';
                status.append(
                  el('span', { id: 'package-revoked' }, ` · ${t('web.package.revoked')}`),
                );
              } catch (err) {
                error.textContent = problemText(err);
              }
            },
          },
          t('web.package.revoke'),
        ),
      ),
      shown,
    );
  }

  const earlier = sessionStorage.getItem(remembered(incidentId));
  if (earlier) follow(earlier);
  return block;
}
