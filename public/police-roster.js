import { api, ApiError, el, formatDate, problemText, t } from './common.js';

// The post's duty roster on the console: who is on shift today and tomorrow. An officer adds a
// shift for a colleague of the post and removes one; the server refuses overlaps (409).
const DAY_MS = 24 * 3600 * 1000;
const todayList = document.getElementById('roster-today');
const tomorrowList = document.getElementById('roster-tomorrow');
const form = document.getElementById('roster-form');
const officerSelect = document.getElementById('roster-officer');
const errorLine = document.getElementById('roster-error');
let postId = null;

function startOfToday() {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d;
}

function item(shift) {
  return el(
    'li',
    { 'data-shift': shift.id },
    el('span', {}, `${shift.officerName}: ${formatDate(shift.from)} – ${formatDate(shift.to)} `),
    el(
      'button',
      { type: 'button', class: 'secondary', onclick: () => remove(shift.id) },
      t('web.roster.remove'),
    ),
  );
}

function fill(list, shifts) {
  list.replaceChildren(
    ...(shifts.length ? shifts.map(item) : [el('li', { class: 'empty' }, t('web.roster.empty'))]),
  );
}

async function load() {
  const from = startOfToday();
  const tomorrow = new Date(from.getTime() + DAY_MS);
  const to = new Date(from.getTime() + 2 * DAY_MS);
  const shifts = await api(
    `/api/v1/police-posts/${postId}/shifts?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`,
  );
  const overlaps = (s, a, b) => new Date(s.from) < b && new Date(s.to) > a;
  fill(
    todayList,
    shifts.filter((s) => overlaps(s, from, tomorrow)),
  );
  fill(
    tomorrowList,
    shifts.filter((s) => overlaps(s, tomorrow, to)),
  );
}

async function remove(shiftId) {
  await api(`/api/v1/police-posts/${postId}/shifts/${shiftId}`, { method: 'DELETE' }).catch(
    () => undefined,
  );
  await load();
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  errorLine.hidden = true;
  const values = new FormData(form);
  try {
    await api(`/api/v1/police-posts/${postId}/shifts`, {
      method: 'POST',
      body: {
        userId: values.get('userId'),
        from: new Date(values.get('from')).toISOString(),
        to: new Date(values.get('to')).toISOString(),
      },
    });
    await load();
  } catch (error) {
    errorLine.textContent =
      error instanceof ApiError && error.status === 409
        ? t('web.roster.overlap')
        : `${t('web.roster.failed')}: ${problemText(error)}`;
    errorLine.hidden = false;
  }
});

async function start() {
  const me = await api('/api/v1/auth/me');
  postId = me.policePostId;
  const officers = await api(`/api/v1/police-posts/${postId}/officers`);
  officerSelect.replaceChildren(
    ...officers.map((o) => el('option', { value: o.id, selected: o.id === me.id }, o.fullName)),
  );
  await load();
}

start().catch(() => undefined);
