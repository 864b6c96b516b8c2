// The facility's units: each with its devices and device keys. Keys are shown once when issued.
import { api, data, el, formatDate, t } from './common.js';
import { allPages, confirmAction, failureText, showOnce } from './facility-people.js';

const facilityId = data.facilityId;
const list = document.getElementById('units');
const status = document.getElementById('units-status');

async function load(focusUnit) {
  const units = await allPages(api, `/api/v1/units?facilityId=${encodeURIComponent(facilityId)}`);
  const filled = await Promise.all(
    units.map(async (u) => {
      const [devices, keys] = await Promise.all([
        allPages(api, `/api/v1/devices?unitId=${u.id}`),
        api(`/api/v1/units/${u.id}/api-keys`).then((p) => p.items),
      ]);
      return { unit: u, devices, keys };
    }),
  );
  list.replaceChildren(
    ...(filled.length
      ? filled.map(unitSection)
      : [el('p', { class: 'lead' }, t('web.devices.noUnits'))]),
  );
  if (focusUnit) document.getElementById(`unit-${focusUnit}-title`)?.focus();
}

async function change(unitId, work, byStatus) {
  const error = document.getElementById(`unit-${unitId}-error`);
  if (error) error.textContent = '';
  try {
    const said = await work();
    status.textContent = said ?? t('web.devices.saved');
  } catch (e) {
    if (error) error.textContent = failureText(e, byStatus);
    return;
  }
  await load(unitId).catch((e) => (status.textContent = failureText(e)));
}

function field(id, text, attrs = {}) {
  return el(
    'div',
    { class: 'field' },
    el('label', { for: id }, text),
    el('input', { id, autocomplete: 'off', ...attrs }),
  );
}

function table(caption, head, rows, empty) {
  if (!rows.length) return el('p', { class: 'lead' }, empty);
  return el(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    el(
      'table',
      {},
      el('caption', { class: 'sr-only' }, caption),
      el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...rows),
    ),
  );
}

function unitSection({ unit, devices, keys }) {
  const id = unit.id;
  const title = el('h2', { id: `unit-${id}-title`, tabindex: '-1' }, unit.name);
  const kind = el('p', { class: 'lead' }, t(`web.devices.unitKind.${unit.kind}`));

  const rename = el(
    'form',
    {
      class: 'inline-form',
      onsubmit: (e) => {
        e.preventDefault();
        const name = e.target.elements.name.value.trim();
        change(id, () =>
          api(`/api/v1/units/${id}`, { method: 'PATCH', body: { name } }).then(() => undefined),
        );
      },
    },
    field(`unit-${id}-name`, t('web.devices.unitName'), {
      name: 'name',
      value: unit.name,
      required: true,
      maxlength: '300',
    }),
    el('button', { type: 'submit', class: 'secondary' }, t('web.devices.rename')),
  );
  const remove = el(
    'button',
    {
      type: 'button',
      class: 'danger delete-unit',
      'aria-label': `${t('web.devices.deleteUnit')}: ${unit.name}`,
      onclick: async () => {
        if (
          !(await confirmAction(
            t('web.devices.confirmDeleteUnit', { who: unit.name }),
            t('web.devices.deleteUnit'),
          ))
        )
          return;
        change(
          id,
          async () => {
            await api(`/api/v1/units/${id}`, { method: 'DELETE' });
            return t('web.devices.unitDeleted', { who: unit.name });
          },
          { 409: 'web.devices.unitInUse' },
        );
      },
    },
    t('web.devices.deleteUnit'),
  );

  return el(
    'section',
    { class: 'card unit', 'data-unit': id, 'aria-labelledby': `unit-${id}-title` },
    title,
    kind,
    rename,
    el('p', { id: `unit-${id}-error`, class: 'error', role: 'alert' }),
    devicesPart(unit, devices),
    keysPart(unit, keys),
    el('div', { class: 'actions' }, remove),
  );
}

function devicesPart(unit, devices) {
  const id = unit.id;
  const editor = el('form', { class: 'device-edit', hidden: true });
  const rows = devices.map((d) =>
    el(
      'tr',
      { 'data-device': d.id },
      el('th', { scope: 'row' }, d.serialNumber),
      el('td', {}, d.model ?? '—'),
      el('td', {}, t(`web.devices.deviceKind.${d.kind}`)),
      el(
        'td',
        { class: 'row-actions' },
        el(
          'button',
          {
            type: 'button',
            class: 'secondary edit-device',
            'aria-label': `${t('web.devices.editDevice')}: ${d.serialNumber}`,
            onclick: () => editDevice(editor, unit, d),
          },
          t('web.devices.editDevice'),
        ),
        el(
          'button',
          {
            type: 'button',
            class: 'danger remove-device',
            'aria-label': `${t('web.devices.removeDevice')}: ${d.serialNumber}`,
            onclick: async () => {
              if (
                !(await confirmAction(
                  t('web.devices.confirmRemoveDevice', { sn: d.serialNumber }),
                  t('web.devices.removeDevice'),
                ))
              )
                return;
              change(
                id,
                () => api(`/api/v1/devices/${d.id}`, { method: 'DELETE' }).then(() => undefined),
                { 409: 'web.devices.deviceInUse' },
              );
            },
          },
          t('web.devices.removeDevice'),
        ),
      ),
    ),
  );
  const add = el(
    'form',
    {
      class: 'add-device',
      onsubmit: (e) => {
        e.preventDefault();
        const f = e.target.elements;
        const device = { unitId: id, serialNumber: f.serialNumber.value.trim() };
        if (f.model.value.trim()) device.model = f.model.value.trim();
        change(
          id,
          () => api('/api/v1/devices', { method: 'POST', body: device }).then(() => undefined),
          { 409: 'web.devices.serialTaken' },
        );
      },
    },
    field(`unit-${id}-serial`, t('web.devices.serial'), {
      name: 'serialNumber',
      required: true,
      maxlength: '64',
    }),
    field(`unit-${id}-model`, t('web.devices.model'), { name: 'model', maxlength: '200' }),
    el('button', { type: 'submit', class: 'secondary' }, t('web.devices.addDevice')),
  );
  return el(
    'div',
    { class: 'part' },
    el('h3', {}, t('web.devices.devicesTitle')),
    table(
      `${t('web.devices.devicesTitle')}: ${unit.name}`,
      [
        t('web.devices.serial'),
        t('web.devices.col.model'),
        t('web.devices.kind'),
        t('web.devices.col.actions'),
      ],
      rows,
      t('web.devices.noDevices'),
    ),
    editor,
    add,
  );
}

function editDevice(editor, unit, d) {
  const prefix = `device-${d.id}`;
  editor.replaceChildren(
    el(
      'h4',
      { id: `${prefix}-title`, tabindex: '-1' },
      t('web.devices.editTitle', { sn: d.serialNumber }),
    ),
    field(`${prefix}-serial`, t('web.devices.serial'), {
      name: 'serialNumber',
      value: d.serialNumber,
      required: true,
      maxlength: '64',
    }),
    field(`${prefix}-model`, t('web.devices.model'), {
      name: 'model',
      value: d.model ?? '',
      maxlength: '200',
    }),
    el(
      'div',
      { class: 'actions' },
      el('button', { type: 'submit', class: 'secondary' }, t('web.devices.save')),
      el(
        'button',
        { type: 'button', class: 'link', onclick: () => (editor.hidden = true) },
        t('web.devices.cancel'),
      ),
    ),
  );
  editor.onsubmit = (e) => {
    e.preventDefault();
    const f = editor.elements;
    const patch = { serialNumber: f.serialNumber.value.trim() };
    if (f.model.value.trim()) patch.model = f.model.value.trim();
    change(
      unit.id,
      () => api(`/api/v1/devices/${d.id}`, { method: 'PATCH', body: patch }).then(() => undefined),
      { 409: 'web.devices.serialTaken' },
    );
  };
  editor.hidden = false;
  document.getElementById(`${prefix}-title`).focus();
}

function keysPart(unit, keys) {
  const id = unit.id;
  const rows = keys.map((k) =>
    el(
      'tr',
      { 'data-key': k.id, 'data-prefix': k.prefix },
      el('th', { scope: 'row' }, k.name),
      el('td', {}, el('code', {}, `mgk_${k.prefix}_…`)),
      el('td', {}, formatDate(k.createdAt)),
      el('td', {}, k.lastUsedAt ? formatDate(k.lastUsedAt) : t('web.devices.neverUsed')),
      el(
        'td',
        { class: 'state' },
        k.revokedAt
          ? t('web.devices.keyRevoked', { at: formatDate(k.revokedAt) })
          : t('web.devices.keyActive'),
      ),
      el(
        'td',
        { class: 'row-actions' },
        k.revokedAt
          ? null
          : el(
              'button',
              {
                type: 'button',
                class: 'danger revoke-key',
                'aria-label': `${t('web.devices.revoke')}: mgk_${k.prefix}`,
                onclick: async () => {
                  if (
                    !(await confirmAction(
                      t('web.devices.confirmRevoke', { key: `mgk_${k.prefix}` }),
                      t('web.devices.revoke'),
                    ))
                  )
                    return;
                  change(id, async () => {
                    await api(`/api/v1/units/${id}/api-keys/${k.id}`, { method: 'DELETE' });
                    return t('web.devices.revoked');
                  });
                },
              },
              t('web.devices.revoke'),
            ),
      ),
    ),
  );
  const issue = el(
    'form',
    {
      class: 'issue-key',
      onsubmit: async (e) => {
        e.preventDefault();
        const name = e.target.elements.name.value.trim();
        let made = null;
        await change(id, async () => {
          made = await api(`/api/v1/units/${id}/api-keys`, {
            method: 'POST',
            body: name ? { name } : {},
          });
          return '';
        });
        // After the list is drawn again, so the key (and the focus) stay where they were put.
        if (made) showOnce('key-once', made.key, t('web.people.keyLead', { who: unit.name }));
      },
    },
    field(`unit-${id}-key-name`, t('web.devices.keyName'), { name: 'name', maxlength: '200' }),
    el('button', { type: 'submit', class: 'secondary' }, t('web.devices.issueKey')),
  );
  return el(
    'div',
    { class: 'part' },
    el('h3', {}, t('web.devices.keysTitle')),
    el('p', { class: 'lead' }, t('web.devices.keysLead')),
    table(
      `${t('web.devices.keysTitle')}: ${unit.name}`,
      [
        t('web.devices.col.name'),
        t('web.devices.col.prefix'),
        t('web.devices.col.created'),
        t('web.devices.col.lastUsed'),
        t('web.devices.col.state'),
        t('web.devices.col.actions'),
      ],
      rows,
      t('web.devices.noKeys'),
    ),
    issue,
  );
}

function start() {
  document.getElementById('create-unit').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const error = document.getElementById('unit-error');
    error.textContent = '';
    try {
      const unit = await api('/api/v1/units', {
        method: 'POST',
        body: { facilityId, kind: form.elements.kind.value, name: form.elements.name.value.trim() },
      });
      form.reset();
      status.textContent = t('web.devices.saved');
      await load(unit.id);
    } catch (e) {
      error.textContent = failureText(e);
    }
  });
  load().catch((e) => (status.textContent = failureText(e)));
}

if (facilityId) start();
