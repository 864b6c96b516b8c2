import { Browser } from 'playwright-core';
import { signInOn } from './web-test';

/** What a page's first load costs a phone: its scripts and stylesheets, compressed, as sent. */
export interface PageWeight {
  path: string;
  files: number;
  bytes: number;
}

/**
 * Opens each of `paths` as a first visit would — no service worker, nothing from the browser's
 * cache — and adds up the bytes on the wire of every script and stylesheet each loads (Chromium's
 * own count, compressed, headers included). Signed-in pages are opened after signing in as `email`.
 */
export async function firstLoadWeights(
  browser: Browser,
  base: string,
  email: string | null,
  paths: string[],
): Promise<PageWeight[]> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    if (email) await signInOn(page, base, email);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const types = new Map<string, string>();
    let sizes: number[] = [];
    cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
    cdp.on('Network.loadingFinished', (e) => {
      if (['Script', 'Stylesheet'].includes(types.get(e.requestId) ?? ''))
        sizes.push(e.encodedDataLength);
    });
    const weights: PageWeight[] = [];
    for (const path of paths) {
      sizes = [];
      await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
      weights.push({ path, files: sizes.length, bytes: sizes.reduce((a, b) => a + b, 0) });
    }
    return weights;
  } finally {
    await context.close();
  }
}
