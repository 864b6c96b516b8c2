import { t } from './common.js';

// The console's alarm: a two-tone pattern every few seconds, and a vibration where the device
// can, for as long as an alert of the post waits for an answer. The title and the tab's icon
// show how many wait. `<body data-alarm="on|off" data-alarm-count="n">` says what it did, for
// people checking a console and for the browser tests.
const PERIOD_MS = 3000;
const SOUND_KEY = 'medguard.sound';
const body = document.body;
const soundButton = document.getElementById('sound');
const blocked = document.getElementById('sound-blocked');
const baseTitle = document.title;
const favicon = document.querySelector('link[rel=icon]');
const baseIcon = favicon?.href;

let audio = null;
let timer = null;
let blink = null;
let rings = 0;
body.dataset.alarm = 'off';
body.dataset.alarmCount = '0';

/** The page's audio, created on first use; null where the browser has no audio output. */
function context() {
  try {
    audio ??= new AudioContext();
  } catch {
    return null;
  }
  return audio;
}

function tone(ctx, frequency, at, length) {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.frequency.value = frequency;
  gain.gain.setValueAtTime(0.3, at);
  gain.gain.exponentialRampToValueAtTime(0.001, at + length);
  osc.connect(gain).connect(ctx.destination);
  osc.start(at);
  osc.stop(at + length);
}

function ring() {
  rings++;
  body.dataset.alarmCount = String(rings);
  const ctx = context();
  if (ctx?.state === 'running') {
    const now = ctx.currentTime;
    tone(ctx, 880, now, 0.35);
    tone(ctx, 660, now + 0.4, 0.35);
    tone(ctx, 880, now + 0.8, 0.35);
  }
  // Without a tap on the page first, browsers refuse vibration; the sound and title still work.
  if (navigator.userActivation?.hasBeenActive) navigator.vibrate?.([400, 150, 400]);
}

/** Shows "sound is blocked" while the browser keeps the page's audio suspended. */
function showSoundState() {
  const allowed = localStorage.getItem(SOUND_KEY) === 'on';
  const running = audio?.state === 'running';
  soundButton.hidden = allowed;
  blocked.hidden = !allowed || running;
}

async function allowSound() {
  const ctx = context();
  await ctx?.resume().catch(() => undefined);
  localStorage.setItem(SOUND_KEY, 'on');
  showSoundState();
}

soundButton.addEventListener('click', allowSound);
blocked.querySelector('button').addEventListener('click', allowSound);

/** On load: sound allowed on this device before is switched on again, if the browser lets it. */
function restoreSound() {
  if (localStorage.getItem(SOUND_KEY) !== 'on') return showSoundState();
  soundButton.hidden = true;
  const ctx = context();
  if (!ctx) return showSoundState();
  ctx.addEventListener('statechange', showSoundState);
  ctx.resume().catch(() => undefined);
  // Browsers that need a gesture leave the context suspended without a word: say so.
  setTimeout(showSoundState, 300);
}
restoreSound();

/** The tab's icon with the number of waiting alerts on it. */
function badge(count) {
  if (!favicon) return;
  if (!count) {
    favicon.href = baseIcon;
    return;
  }
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 64;
  const g = canvas.getContext('2d');
  if (!g) return;
  g.fillStyle = '#0b5cab';
  g.fillRect(0, 0, 64, 64);
  g.fillStyle = '#d62828';
  g.beginPath();
  g.arc(32, 32, 30, 0, 2 * Math.PI);
  g.fill();
  g.fillStyle = '#fff';
  g.font = 'bold 36px sans-serif';
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillText(count > 9 ? '9+' : String(count), 32, 34);
  favicon.href = canvas.toDataURL('image/png');
}

/** The title alternates while alerts wait, with their number in both forms. */
function showWaiting(count) {
  clearInterval(blink);
  blink = null;
  badge(count);
  if (!count) {
    document.title = baseTitle;
    return;
  }
  let lit = false;
  const flip = () => {
    lit = !lit;
    document.title = lit
      ? `(${count}) ● ${t('web.police.newAlert')} · ${baseTitle}`
      : `(${count}) ${baseTitle}`;
  };
  flip();
  blink = setInterval(flip, 1000);
}

let waiting = 0;

/** The number of alerts waiting for an answer; the alarm sounds while it is above zero. */
export function alarmFor(count) {
  if (count !== waiting) showWaiting(count);
  waiting = count;
  if (count > 0 && !timer) {
    body.dataset.alarm = 'on';
    ring();
    timer = setInterval(ring, PERIOD_MS);
  } else if (count === 0 && timer) {
    clearInterval(timer);
    timer = null;
    body.dataset.alarm = 'off';
  }
}
