// Multi-factor sign-in of one's own account: set-up with a QR code drawn here, the first code, the
// recovery codes shown once; or turning it off.
import { api, ApiError, t } from './common.js';

const $ = (id) => document.getElementById(id);

/** Draws the otpauth URI as a QR code on the canvas (qrcode-generator, loaded before this module). */
function drawQr(canvas, text) {
  const qr = window.qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const count = qr.getModuleCount();
  const quiet = 4;
  const cell = Math.floor(canvas.width / (count + 2 * quiet));
  const offset = Math.floor((canvas.width - cell * count) / 2);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000';
  for (let r = 0; r < count; r++)
    for (let c = 0; c < count; c++)
      if (qr.isDark(r, c)) ctx.fillRect(offset + c * cell, offset + r * cell, cell, cell);
}

function refusal(e) {
  if (!(e instanceof ApiError)) return t('web.networkError');
  if (e.status === 429) return t('web.tooManyAttempts');
  if (e.status === 400 && e.body?.details?.[0]?.field === 'code') return t('web.mfa.codeWrong');
  return t('web.somethingWrong');
}

function problem(input, message) {
  $(`${input.id}-error`).textContent = message;
  input.setAttribute('aria-invalid', message ? 'true' : 'false');
  if (message) input.focus();
}

const start = $('mfa-start');
if (start) {
  start.addEventListener('click', async () => {
    $('mfa-start-error').textContent = '';
    try {
      const { secret, otpauthUri } = await api('/api/v1/auth/mfa/setup', { method: 'POST' });
      drawQr($('mfa-qr'), otpauthUri);
      // In groups of four, as apps that take it by hand show it.
      $('mfa-secret').textContent = secret.replace(/(.{4})(?=.)/g, '$1 ');
      $('mfa-off').hidden = true;
      $('mfa-setup').hidden = false;
      $('mfa-code').focus();
    } catch (e) {
      $('mfa-start-error').textContent = refusal(e);
    }
  });
}

$('mfa-confirm')?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('mfa-code');
  problem(input, '');
  if (!/^\s*\d{3}\s?\d{3}\s*$/.test(input.value)) return problem(input, t('web.mfa.codeWrong'));
  try {
    const { recoveryCodes } = await api('/api/v1/auth/mfa/confirm', {
      method: 'POST',
      body: { code: input.value.trim() },
    });
    const list = $('mfa-code-list');
    list.replaceChildren(
      ...recoveryCodes.map((c) => {
        const item = document.createElement('li');
        item.textContent = c;
        return item;
      }),
    );
    for (const id of ['mfa-off', 'mfa-setup', 'mfa-required']) if ($(id)) $(id).hidden = true;
    $('mfa-codes').hidden = false;
    $('mfa-codes-title').focus();
  } catch (e) {
    problem(input, refusal(e));
  }
});

$('mfa-copy')?.addEventListener('click', async () => {
  const codes = [...$('mfa-code-list').children].map((li) => li.textContent).join('\n');
  try {
    await navigator.clipboard.writeText(codes);
    $('mfa-copy-status').textContent = t('web.mfa.copied');
  } catch {
    $('mfa-copy-status').textContent = t('web.somethingWrong');
  }
});

$('mfa-print')?.addEventListener('click', () => window.print());

$('mfa-disable')?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('mfa-disable-code');
  problem(input, '');
  if (!input.value.trim()) return problem(input, t('web.mfa.codeWrong'));
  try {
    await api('/api/v1/auth/mfa', { method: 'DELETE', body: { code: input.value.trim() } });
    location.reload();
  } catch (e) {
    problem(input, refusal(e));
  }
});
