import { api, el, formatDate, label, t } from './common.js';
import { fillTable, refusalText } from './admin-common.js';
import { almatyLocal } from './report-time.js';

// Rule-set versions, and a new version written as JSON: tried on sample reports, then saved.

const form = document.getElementById('rule-set-form');
const editor = document.getElementById('rule-set-json');
const jsonError = document.getElementById('rule-set-json-error');
const problems = document.getElementById('rule-set-problems');
const status = document.getElementById('rule-set-status');
const preview = document.getElementById('preview');

async function loadVersions() {
  const { items } = await api('/api/v1/classification/rule-sets');
  fillTable(
    document.getElementById('rule-sets'),
    [...items]
      .reverse()
      .map((r) => [
        String(r.version),
        formatDate(r.effectiveFrom),
        r.categories.map((c) => label('category', c.code)).join(', '),
      ]),
    '—',
  );
}

/** The version in force as the starting point of the next one, effective from tomorrow in Almaty. */
async function prefill() {
  try {
    const current = await api('/api/v1/classification/rule-sets/current');
    const tomorrow = almatyLocal(new Date(Date.now() + 86400_000)).slice(0, 10);
    const { article, description, categories, medicalWorkerRoles, rules, fallbackCategory } =
      current;
    editor.value = JSON.stringify(
      {
        effectiveFrom: `${tomorrow}T00:00:00+05:00`,
        article,
        ...(description ? { description } : {}),
        categories,
        medicalWorkerRoles,
        rules,
        fallbackCategory,
      },
      null,
      2,
    );
  } catch (error) {
    status.textContent = refusalText(error);
  }
}

function clear() {
  jsonError.textContent = '';
  problems.replaceChildren();
  editor.removeAttribute('aria-invalid');
  status.textContent = '';
}

/** The editor's JSON, or null with the problem shown at the editor. */
function draft() {
  clear();
  try {
    const value = JSON.parse(editor.value);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // Shown below.
  }
  jsonError.textContent = t('web.admin.ruleSets.notJson');
  editor.setAttribute('aria-invalid', 'true');
  editor.focus();
  return null;
}

/** The API's problems, each at its path in the draft (the preview names them under `ruleSet.`). */
function showApiProblems(error) {
  const details = error?.body?.details ?? [];
  if (!details.length) {
    status.textContent =
      error?.status === 409 ? t('web.admin.ruleSets.dateTaken') : refusalText(error);
    return;
  }
  editor.setAttribute('aria-invalid', 'true');
  jsonError.textContent = t('web.admin.ruleSets.problems', { n: details.length });
  problems.replaceChildren(
    ...details.map((d) =>
      el(
        'li',
        { 'data-field': d.field.replace(/^ruleSet\./, '') },
        el('code', {}, d.field.replace(/^ruleSet\./, '')),
        ` — ${d.message}`,
      ),
    ),
  );
  editor.focus();
}

const penaltyText = (p) =>
  p.years
    ? `${label('penalty', p.kind)}, ${p.years} ${t('web.report.years')}`
    : label('penalty', p.kind);
const outcomeText = (c) =>
  c ? `${label('category', c.category)} · ${penaltyText(c.maxPenalty)}` : '—';

function sampleText(s) {
  const victims = s.victims
    .map((v) => `${label('victimRole', v.role)} (${label('injury', v.injury)})`)
    .join(', ');
  const emergency = s.duringStateOfEmergency ? ` · ${t('web.admin.ruleSets.inEmergency')}` : '';
  return `${label('kind', s.kind)}: ${victims}${emergency}`;
}

document.getElementById('preview-rule-set').addEventListener('click', async () => {
  const ruleSet = draft();
  if (!ruleSet) return;
  try {
    const result = await api('/api/v1/classification/rule-sets/preview', {
      method: 'POST',
      body: { ruleSet },
    });
    const table = document.getElementById('preview-table');
    fillTable(
      table,
      result.samples.map((s) => [
        sampleText(s.sample),
        outcomeText(s.current),
        el(
          'span',
          { class: s.changed ? 'changed' : '' },
          outcomeText(s.draft),
          s.changed ? el('strong', {}, ` · ${t('web.admin.ruleSets.changed')}`) : '',
        ),
      ]),
      '—',
    );
    preview.hidden = false;
    status.textContent = t('web.admin.ruleSets.previewed', {
      n: result.samples.filter((s) => s.changed).length,
    });
  } catch (error) {
    preview.hidden = true;
    showApiProblems(error);
  }
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const ruleSet = draft();
  if (!ruleSet) return;
  try {
    const saved = await api('/api/v1/classification/rule-sets', { method: 'POST', body: ruleSet });
    status.textContent = t('web.admin.ruleSets.savedVersion', {
      v: saved.version,
      at: formatDate(saved.effectiveFrom),
    });
    await loadVersions();
  } catch (error) {
    showApiProblems(error);
  }
});

loadVersions().catch((error) => (status.textContent = refusalText(error)));
prefill();
