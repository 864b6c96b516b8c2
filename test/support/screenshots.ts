import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { ARTIFACTS } from './browser';

const DOCS = join(__dirname, '..', '..', 'docs', 'screenshots');
const FOR_DOCS = process.env.DOCS_SCREENSHOTS === '1';
/**
 * Each picture costs Chromium a full-page render and a PNG encoding, so the browser specs take
 * them when asked: `SCREENSHOTS=1` into test/artifacts/ (every language), `DOCS_SCREENSHOTS=1`
 * also the English ones into docs/screenshots/ for the README.
 */
const WANTED = FOR_DOCS || process.env.SCREENSHOTS === '1';

/** A page's full-length pictures at phone and desktop widths, `prepare` run after each resize. */
export async function screenshots(
  page: Page,
  name: string,
  lang: string,
  widths: number[] = [360, 1280],
  prepare?: () => Promise<void>,
): Promise<void> {
  if (!WANTED) return;
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    await prepare?.();
    await page.screenshot({
      path: join(ARTIFACTS, `${name}-${lang}-${width}.png`),
      fullPage: true,
    });
    if (FOR_DOCS && lang === 'en') {
      mkdirSync(DOCS, { recursive: true });
      await page.screenshot({ path: join(DOCS, `${name}-${width}.png`), fullPage: true });
    }
  }
}

/** One picture of the page as it is now, into test/artifacts/. */
export async function snapshot(page: Page, file: string, fullPage = true): Promise<void> {
  if (WANTED) await page.screenshot({ path: join(ARTIFACTS, file), fullPage });
}
