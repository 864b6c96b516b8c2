import { inflateSync } from 'node:zlib';
import { BrowserContext, Page, Worker } from 'playwright-core';
import { eventually } from './alert-stack';

/** Width and height from a PNG's IHDR, after checking it is a whole PNG whose pixels inflate. */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  expect(bytes.toString('latin1', 12, 16)).toBe('IHDR');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const channels = { 2: 3, 6: 4 }[bytes[25]] ?? 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  expect(bytes.toString('latin1', bytes.length - 8, bytes.length - 4)).toBe('IEND');
  expect(inflateSync(Buffer.concat(idat)).length).toBe(height * (1 + width * channels));
  return { width, height };
}

/** What the console's alarm did: `<body data-alarm data-alarm-count>`. */
export const alarmOf = async (page: Page) =>
  (await page.evaluate(
    '({ on: document.body.dataset.alarm, count: Number(document.body.dataset.alarmCount ?? 0) })',
  )) as { on: string; count: number };

/** The page's service-worker registration: which of its workers exist, and the active one's state. */
const registrationOf = (page: Page) =>
  page.evaluate(
    `navigator.serviceWorker.getRegistration().then((r) => r
      ? { installing: !!r.installing, waiting: !!r.waiting, active: r.active?.state ?? null,
          controlled: navigator.serviceWorker.controller !== null }
      : { installing: false, waiting: false, active: null, controlled: false })`,
  ) as Promise<{
    installing: boolean;
    waiting: boolean;
    active: string | null;
    controlled: boolean;
  }>;

/**
 * Waits until the page's service worker controls it, and answers that worker. The worker claims
 * the open pages when it activates, but a page whose navigation was still in flight at that
 * moment is left to its next load (as in any browser): such a page is loaded once more, only
 * after the worker is active, so a worker that never installs still fails here.
 */
export async function controlled(context: BrowserContext, page: Page): Promise<Worker> {
  // The page's CSP forbids eval, so conditions are polled with CDP evaluations.
  let state = await eventually(
    () => registrationOf(page),
    (r) => r.controlled || r.active === 'activated',
    20_000,
  );
  if (!state.controlled && state.active === 'activated') {
    state = await eventually(
      () => registrationOf(page),
      (r) => r.controlled,
      2_000,
    );
    if (!state.controlled) {
      await page.reload();
      state = await eventually(
        () => registrationOf(page),
        (r) => r.controlled,
        10_000,
      );
    }
  }
  expect(state).toMatchObject({ controlled: true });
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

/** The paths of everything the page's origin keeps in its caches. */
export const keptPaths = async (page: Page) =>
  (await page.evaluate(
    `caches.keys().then((names) => Promise.all(names.map((n) => caches.open(n).then((c) => c.keys()))))
      .then((lists) => lists.flat().map((r) => new URL(r.url).pathname))`,
  )) as string[];

/** The notification payload the push sender delivers for a new alert (contract: Alert channels). */
export const pushOf = (alertId: string, reference: string) => ({
  type: 'incident.alert',
  alertId,
  reference,
  category: 'assault',
  priority: 2,
  facility: { name: 'Central City Clinical Hospital' },
  place: { kind: 'admission_department' },
  url: `/police?alert=${alertId}`,
});
