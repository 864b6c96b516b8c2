import { api, data, el, formatDate, formatNumber, label, t } from './common.js';
import {
  allPages,
  clearProblems,
  copyButton,
  fillTable,
  refusalText,
  showProblems,
} from './admin-common.js';

// Police posts: the list; one post's settings, webhook secret, test event and delivery log.

const regionName = new Map(data.regions.map((r) => [r.id, r.name]));
const table = document.getElementById('posts');
const listStatus = document.getElementById('posts-status');
const editor = document.getElementById('post-editor');
const title = document.getElementById('post-editor-title');
const form = document.getElementById('post-form');
const formStatus = document.getElementById('post-status');
const covered = document.getElementById('p-facilityIds');
const secretStatus = document.getElementById('secret-status');
const newSecret = document.getElementById('new-secret');
const testStatus = document.getElementById('test-status');
const attempt = document.getElementById('test-attempt');
const channel = document.getElementById('d-channel');
let posts = [];
let post = null;

async function loadPosts() {
  try {
    posts = await allPages(api, '/api/v1/police-posts');
    fillTable(
      table,
      posts.map((p) => [
        p.name,
        label('web.admin.postKind', p.kind),
        p.regionId ? regionName.get(p.regionId) : t('web.admin.national'),
        label('web.admin.postLanguage', p.language),
        p.webhookUrl ?? t('web.admin.posts.noWebhook'),
        formatNumber(p.facilityIds.length),
        el(
          'button',
          { type: 'button', class: 'secondary', 'data-edit': p.id, onclick: () => open(p) },
          t('web.admin.edit'),
          el('span', { class: 'sr-only' }, ` ${p.name}`),
        ),
      ]),
      t('web.admin.posts.none'),
    );
  } catch (error) {
    listStatus.textContent = refusalText(error);
  }
}

/** The facilities a post of this region may cover, the covered ones chosen. */
async function loadCoverable(regionId, chosen) {
  const facilities = regionId ? await allPages(api, `/api/v1/facilities?regionId=${regionId}`) : [];
  covered.replaceChildren(
    ...facilities.map((f) =>
      el('option', { value: f.id, selected: chosen.includes(f.id) }, f.name),
    ),
  );
}

async function open(p) {
  post = p;
  clearProblems(form);
  for (const s of [formStatus, secretStatus, testStatus]) s.textContent = '';
  newSecret.hidden = true;
  attempt.hidden = true;
  title.textContent = p.name;
  const e = form.elements;
  e.name.value = p.name;
  e.kind.value = p.kind;
  e.regionId.value = p.regionId ?? '';
  e.language.value = p.language;
  e.webhookUrl.value = p.webhookUrl ?? '';
  showSecretState();
  editor.hidden = false;
  title.focus();
  await Promise.all([loadCoverable(p.regionId, p.facilityIds), loadDeliveries()]);
}

function showSecretState() {
  document.getElementById('secret-state').textContent = post.hasWebhookSecret
    ? t('web.admin.posts.secretSet')
    : t('web.admin.posts.secretNone');
}

form.elements.regionId.addEventListener('change', () =>
  loadCoverable(form.elements.regionId.value, []),
);

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const e = form.elements;
  const body = {
    name: e.name.value.trim(),
    kind: e.kind.value,
    regionId: e.regionId.value || null,
    language: e.language.value,
    facilityIds: [...covered.selectedOptions].map((o) => o.value),
    webhookUrl: e.webhookUrl.value.trim() || null,
    ...(e.webhookSecret.value.trim() ? { webhookSecret: e.webhookSecret.value.trim() } : {}),
  };
  try {
    post = await api(`/api/v1/police-posts/${post.id}`, { method: 'PATCH', body });
    clearProblems(form);
    e.webhookSecret.value = '';
    formStatus.textContent = t('web.admin.saved', { who: post.name });
    showSecretState();
    await loadPosts();
  } catch (error) {
    showProblems(form, 'p', error, formStatus);
  }
});

document.getElementById('rotate-secret').addEventListener('click', async () => {
  if (!confirm(t('web.admin.posts.confirmRotate'))) return;
  try {
    const rotated = await api(`/api/v1/police-posts/${post.id}/webhook-secret/rotate`, {
      method: 'POST',
    });
    document.getElementById('new-secret-value').textContent = rotated.webhookSecret;
    newSecret.hidden = false;
    secretStatus.textContent = rotated.previousSecretSignsUntil
      ? t('web.admin.posts.rotated', { at: formatDate(rotated.previousSecretSignsUntil) })
      : t('web.admin.posts.secretSaved');
    post = { ...post, hasWebhookSecret: true };
    showSecretState();
    document.getElementById('copy-secret').focus();
  } catch (error) {
    secretStatus.textContent = refusalText(error);
  }
});
copyButton(
  document.getElementById('copy-secret'),
  document.getElementById('new-secret-value'),
  document.getElementById('copy-secret-status'),
);

document.getElementById('send-test').addEventListener('click', async () => {
  testStatus.textContent = t('web.admin.posts.sending');
  attempt.hidden = true;
  try {
    const a = await api(`/api/v1/police-posts/${post.id}/webhook/test`, { method: 'POST' });
    testStatus.textContent = '';
    const item = (term, value) => [el('dt', {}, term), el('dd', {}, value)];
    attempt.replaceChildren(
      ...item(t('web.admin.posts.outcome'), label('web.admin.deliveryOutcome', a.outcome)),
      ...item(
        t('web.admin.posts.responseCode'),
        a.responseCode === null ? '—' : String(a.responseCode),
      ),
      ...item(
        t('web.admin.posts.latency'),
        a.latencyMs === null ? '—' : t('web.admin.posts.ms', { n: a.latencyMs }),
      ),
      ...item(t('web.admin.posts.error'), a.error ?? '—'),
    );
    attempt.dataset.outcome = a.outcome;
    attempt.hidden = false;
    await loadDeliveries();
  } catch (error) {
    testStatus.textContent =
      error.status === 422 ? t('web.admin.posts.noWebhookToTest') : refusalText(error);
  }
});

async function loadDeliveries() {
  const query = channel.value ? `?channel=${channel.value}&limit=50` : '?limit=50';
  try {
    const page = await api(`/api/v1/police-posts/${post.id}/deliveries${query}`);
    fillTable(
      document.getElementById('deliveries'),
      page.items.map((d) => [
        formatDate(d.at),
        label('web.admin.deliveryKind', d.kind),
        label('web.admin.channel', d.channel),
        label('web.admin.deliveryOutcome', d.outcome),
        d.responseCode === null ? '—' : String(d.responseCode),
        d.latencyMs === null ? '—' : t('web.admin.posts.ms', { n: d.latencyMs }),
        d.error ?? '',
      ]),
      t('web.admin.posts.noDeliveries'),
    );
  } catch (error) {
    testStatus.textContent = refusalText(error);
  }
}
channel.addEventListener('change', loadDeliveries);

document.getElementById('post-cancel').addEventListener('click', () => {
  const id = post?.id;
  editor.hidden = true;
  table.querySelector(`[data-edit="${id}"]`)?.focus();
});

loadPosts();
