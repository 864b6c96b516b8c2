import { codeText, el, t } from './common.js';

// Problems with a report, next to their fields and in the user's language.

export function clearErrors(form) {
  for (const p of form.querySelectorAll('.error[data-for], .error[data-error]')) p.textContent = '';
  for (const i of form.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
}

/** Puts each problem the server named next to its field. */
export function showErrors(form, list, status, details) {
  const byName = {
    facilityId: 'facility',
    unitId: 'unit',
    occurredAt: 'occurredAt',
    'place.kind': 'placeKind',
    'place.address': 'placeAddress',
    kind: 'kind',
    'perpetrators.type': 'perpetratorType',
    'perpetrators.count': 'perpetratorCount',
    'perpetrators.description': 'perpetratorDescription',
    narrative: 'narrative',
    witnesses: 'witnesses',
    duringStateOfEmergency: 'emergency',
  };
  let first = null;
  for (const d of details) {
    let input = null;
    let message = null;
    const victim = /^victims\[(\d+)\]\.(\w+)$/.exec(d.field);
    if (victim) {
      const row = list.querySelectorAll('[data-victim]')[Number(victim[1])];
      input = row?.querySelector(`[name=${victim[2]}]`);
      message = row?.querySelector(`[data-error=${victim[2]}]`);
    } else if (byName[d.field]) {
      input = document.getElementById(byName[d.field]);
      message = form.querySelector(`.error[data-for="${byName[d.field]}"]`);
      if (!message && input) {
        message = el('p', {
          class: 'error',
          'data-for': byName[d.field],
          id: `${byName[d.field]}-error`,
        });
        input.closest('.field').append(message);
        input.setAttribute('aria-describedby', message.id);
      }
    }
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      first ??= input;
    }
    if (message) message.textContent = localiseProblem(d, input);
  }
  status.textContent = t('web.report.fixErrors');
  first?.focus();
}

/** Texts of this form that say more than the code's own, by field and code. */
const FIELD_TEXTS = { 'perpetrators.count': { out_of_range: 'web.error.range' } };

/** The server names the field and the problem's code; the user reads it in their language. */
function localiseProblem(d, input) {
  const own = FIELD_TEXTS[d.field]?.[d.code];
  return own ? t(own) : codeText(d.code, input);
}

/** The checks the browser can make before sending, so the common mistakes show at once. */
export function localProblems(b) {
  const problems = [];
  if (!b.narrative) problems.push({ field: 'narrative', code: 'required' });
  if (!b.occurredAt) problems.push({ field: 'occurredAt', code: 'required' });
  else if (new Date(b.occurredAt).getTime() > Date.now() + 5 * 60_000)
    problems.push({ field: 'occurredAt', code: 'in_future' });
  const count = b.perpetrators.count;
  if (!Number.isInteger(count) || count < 1 || count > 100)
    problems.push({ field: 'perpetrators.count', code: 'out_of_range' });
  return problems;
}
