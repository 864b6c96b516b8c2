import { MessageKey } from '../i18n/messages.en';

type Tt = (key: MessageKey) => string;

/** The stylesheet both people pages share; a `link` in the body is valid HTML and keeps `layout` as it is. */
export const PEOPLE_STYLES = '<link rel="stylesheet" href="/assets/facility-people.css">';

/**
 * A secret shown once (a set-password link, a device key): a read-only field the text can be
 * selected in, a copy button, and a button to hide it once it has been passed on.
 */
export function onceBox(tt: Tt, id: string, title: MessageKey, label: MessageKey): string {
  return `<section id="${id}" class="card once" aria-labelledby="${id}-title" hidden>
  <h2 id="${id}-title" tabindex="-1">${tt(title)}</h2>
  <p id="${id}-lead" class="lead"></p>
  <div class="field"><label for="${id}-value">${tt(label)}</label>
    <input id="${id}-value" class="once-value" type="text" readonly spellcheck="false" autocomplete="off"></div>
  <div class="actions">
    <button type="button" id="${id}-copy" class="secondary">${tt('web.people.copy')}</button>
    <button type="button" id="${id}-hide" class="link">${tt('web.people.hide')}</button>
  </div>
  <p id="${id}-status" class="status" role="status"></p>
</section>`;
}

/** The confirmation every irreversible or disruptive action goes through, saying what it does. */
export function confirmDialog(tt: Tt): string {
  return `<dialog id="confirm" class="confirm" aria-labelledby="confirm-title" aria-describedby="confirm-text">
  <form method="dialog">
    <h2 id="confirm-title">${tt('web.people.confirmTitle')}</h2>
    <p id="confirm-text"></p>
    <div class="actions">
      <button type="submit" value="cancel" id="confirm-cancel" class="secondary">${tt('web.people.cancel')}</button>
      <button type="submit" value="ok" id="confirm-ok" class="danger"></button>
    </div>
  </form>
</dialog>`;
}
