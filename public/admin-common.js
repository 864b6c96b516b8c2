import { el, t } from './common.js';

// Shared by the operator console's sections: problems next to their fields, tables, copying.

/** The API's problem in the user's language: known rules by their words, anything else generically. */
export function problemMessage(detail) {
  const m = detail?.message ?? '';
  if (detail?.code && t(`web.admin.problem.${detail.code}`) !== `web.admin.problem.${detail.code}`)
    return t(`web.admin.problem.${detail.code}`);
  if (/required when webhookUrl is set/.test(m)) return t('web.admin.problem.secretNeeded');
  if (/must not be empty|is required|should not be empty|must be defined/.test(m))
    return t('web.error.required');
  if (/must be after from/.test(m)) return t('web.admin.problem.afterFrom');
  if (/after the end on record/.test(m)) return t('web.admin.problem.afterEnd');
  if (/in the past/.test(m)) return t('web.admin.problem.past');
  if (/latitude/.test(m)) return t('web.admin.problem.latitude');
  if (/longitude/.test(m)) return t('web.admin.problem.longitude');
  if (/e-mail/.test(m)) return t('web.admin.problem.email');
  if (/already exists/.test(m)) return t('web.admin.problem.taken');
  if (detail?.field === 'webhookUrl') return t('web.admin.problem.webhookUrl');
  if (detail?.field === 'webhookSecret') return t('web.admin.problem.webhookSecret');
  if (detail?.field === 'phone') return t('web.admin.problem.phone');
  return t('web.error.invalid');
}

export function clearProblems(form) {
  for (const p of form.querySelectorAll('.error[data-error-for]')) p.textContent = '';
  for (const i of form.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
}

/**
 * Puts each problem the API named next to its field (`<prefix>-<field>`), focuses the first, and
 * says in `status` what is left: problems of fields the form does not show, or a refusal.
 */
export function showProblems(form, prefix, error, status) {
  clearProblems(form);
  const details = error?.body?.details ?? [];
  let first = null;
  const unplaced = [];
  for (const d of details) {
    const name = String(d.field).split(/[.[]/)[0];
    const input = form.querySelector(`#${prefix}-${name}`);
    const message = form.querySelector(`[data-error-for="${prefix}-${name}"]`);
    if (!input || !message) {
      unplaced.push(problemMessage(d));
      continue;
    }
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute(
      'aria-describedby',
      withId(input.getAttribute('aria-describedby'), message.id),
    );
    message.textContent = problemMessage(d);
    first ??= input;
  }
  status.textContent = details.length
    ? [t('web.admin.fixProblems'), ...unplaced].join(' ')
    : refusalText(error);
  first?.focus();
}

function withId(list, id) {
  const ids = (list ?? '').split(' ').filter(Boolean);
  return (ids.includes(id) ? ids : [...ids, id]).join(' ');
}

/** Why the API refused, without field problems. */
export function refusalText(error) {
  if (!error?.status) return t('web.networkError');
  if (error.status === 403) return t('web.admin.refused.403');
  if (error.status === 404) return t('web.admin.refused.404');
  if (error.status === 409) return t('web.admin.refused.409');
  if (error.status === 422) return t('web.admin.refused.422');
  if (error.status === 429) return t('web.admin.refused.429');
  return t('web.error.invalid');
}

/** Fills a table body with rows of cells (text, or nodes). */
export function fillTable(table, rows, empty) {
  const body = table.tBodies[0];
  const columns = table.tHead.rows[0].cells.length;
  body.replaceChildren(
    ...(rows.length
      ? rows.map((cells) =>
          el(
            'tr',
            {},
            cells.map((c) => el('td', {}, c ?? '')),
          ),
        )
      : [el('tr', {}, el('td', { colspan: String(columns) }, empty))]),
  );
}

/** Every page of a list endpoint, at most `max` items. */
export async function allPages(api, path, max = 2000) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api(
      `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}

/** A copy button for a value shown once; says when it is copied. */
export function copyButton(button, source, status) {
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(source.textContent);
      status.textContent = t('web.admin.copied');
    } catch {
      // Without clipboard access the value stays selected for copying by hand.
      getSelection().selectAllChildren(source);
      status.textContent = t('web.admin.copyByHand');
    }
  });
}

/** The values of a form's named controls, trimmed; empty ones left out. */
export function formValues(form) {
  const values = {};
  for (const c of form.elements) {
    if (!c.name || c.type === 'submit' || c.type === 'button') continue;
    if (c.multiple) values[c.name] = [...c.selectedOptions].map((o) => o.value);
    else if (c.value.trim() !== '') values[c.name] = c.value.trim();
  }
  return values;
}
