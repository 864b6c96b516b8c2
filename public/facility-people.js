// What the staff and units pages share: the confirmation dialog, the secret shown once, refusals.
import { ApiError, problemText, t } from './common.js';

const dialog = document.getElementById('confirm');

/** Asks before a disruptive action, saying what it does; true when the user confirmed. */
export function confirmAction(text, okLabel) {
  const from = document.activeElement;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = okLabel;
  dialog.returnValue = '';
  dialog.showModal();
  document.getElementById('confirm-cancel').focus();
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => {
        if (from instanceof HTMLElement && from.isConnected) from.focus();
        resolve(dialog.returnValue === 'ok');
      },
      { once: true },
    );
  });
}

const boxes = new Map();

/** The box of a secret shown once: fills it, brings it into view and focus, wires copy and hide. */
export function showOnce(id, value, lead) {
  const box = document.getElementById(id);
  const input = document.getElementById(`${id}-value`);
  const status = document.getElementById(`${id}-status`);
  if (!boxes.has(id)) {
    boxes.set(id, true);
    document.getElementById(`${id}-copy`).addEventListener('click', async () => {
      try {
        if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
        await navigator.clipboard.writeText(input.value);
        status.textContent = t('web.people.copied');
      } catch {
        input.focus();
        input.select();
        status.textContent = t('web.people.copyByHand');
      }
    });
    document.getElementById(`${id}-hide`).addEventListener('click', () => {
      input.value = '';
      status.textContent = '';
      box.hidden = true;
    });
  }
  document.getElementById(`${id}-lead`).textContent = lead;
  input.value = value;
  status.textContent = '';
  box.hidden = false;
  box.scrollIntoView({ block: 'nearest' });
  document.getElementById(`${id}-title`).focus();
}

/** A refusal in the user's language: what the status means here, else the field's problem. */
export function failureText(error, byStatus = {}) {
  if (!(error instanceof ApiError)) return t('web.networkError');
  if (byStatus[error.status]) return t(byStatus[error.status]);
  if (error.status === 403 || error.status === 404) return t('web.people.notAllowed');
  if (error.status === 400) return problemText(error);
  return t('web.people.failed');
}

/** Every page of a list, bounded, so a large facility still loads in a known number of calls. */
export async function allPages(api, path, maxPages = 25) {
  const items = [];
  let cursor = null;
  for (let i = 0; i < maxPages; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api(
      `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return items;
}
