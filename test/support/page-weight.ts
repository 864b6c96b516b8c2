import { Browser } from 'playwright-core';
import { signInOn } from './web-test';

/** What a page's first load costs a phone: its scripts and stylesheets, compressed, as sent. */
export interface PageWeight {
  path: string;
  files: number;
  bytes: number;
}

/**
 * Opens `path` as a first visit would — no service worker, nothing in the browser's cache — and
 * adds up the bytes on the wire of every script and stylesheet it loads (Chromium's own count,
 * compressed, headers included). A signed-in page is opened after signing in as `email`.
 */
export async function firstLoadWeight(
  browser: Browser,
  base: string,
  path: string,
  email: string | null,
): Promise<PageWeight> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    if (email) await signInOn(page, base, email);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const types = new Map<string, string>();
    const sizes: number[] = [];
    cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
    cdp.on('Network.loadingFinished', (e) => {
      if (['Script', 'Stylesheet'].includes(types.get(e.requestId) ?? ''))
        sizes.push(e.encodedDataLength);
    });
    await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
    return { path, files: sizes.length, bytes: sizes.reduce((a, b) => a + b, 0) };
  } finally {
    await context.close();
  }
}
