import { Browser, BrowserContext, Page } from 'playwright-core';
import { LANG_COOKIE } from '../../src/web/lang-cookie';
import { launchChromium } from './browser';
import { DEMO_PASSWORDS, listenOnLoopback, startTestApp, TestApp } from './test-app';

/** The API listening on 127.0.0.1 and a Chromium to drive its pages. */
export interface WebTest {
  t: TestApp;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * One Chromium per spec file, launched when a part first needs it and closed after the file's last
 * test: the parts of a bundle share the browser process, each with contexts of its own.
 */
let sharedBrowser: Promise<Browser> | undefined;
const browserOfFile = () => (sharedBrowser ??= launchChromium());
afterAll(async () => {
  const browser = sharedBrowser;
  sharedBrowser = undefined;
  await (await browser)?.close();
});

export async function startWebTest(overrides: Record<string, string> = {}): Promise<WebTest> {
  const t = await startTestApp(overrides);
  const base = await listenOnLoopback(t);
  const browser = await browserOfFile();
  return {
    t,
    base,
    browser,
    close: async () => {
      await Promise.all(browser.contexts().map((context) => context.close()));
      await t.close();
    },
  };
}

/**
 * One WebTest for the whole spec file, started before its first test and closed after its last;
 * its fields are there inside tests. Browser work on a shared two-core machine gets generous time.
 */
export function webTestPerFile(
  overrides: Record<string, string> = {},
): Pick<WebTest, 't' | 'base' | 'browser'> {
  jest.setTimeout(120_000);
  let web: WebTest | undefined;
  beforeAll(async () => {
    web = await startWebTest(overrides);
  });
  afterAll(() => web?.close());
  return {
    get t() {
      return web!.t;
    },
    get base() {
      return web!.base;
    },
    get browser() {
      return web!.browser;
    },
  };
}

/** The cookies a sign-in through the pages' endpoint set, as a browser would send them back. */
export async function pageSession(
  t: TestApp,
  email: string,
): Promise<{ cookie: string; csrf: string }> {
  const res = await t.http().post('/web/session').send({ email, password: DEMO_PASSWORDS[email] });
  expect(res.status).toBe(200);
  // The session's own cookies; the language cookie is each test's choice.
  const cookies = (res.headers['set-cookie'] as unknown as string[])
    .map((c) => c.split(';')[0])
    .filter((c) => !c.startsWith(`${LANG_COOKIE}=`));
  const csrf = cookies.find((c) => c.startsWith('mg_csrf='))!;
  return { cookie: cookies.join('; '), csrf: decodeURIComponent(csrf.split('=')[1]) };
}

export type Lang = 'kk' | 'ru' | 'en';

/**
 * A browser context signed in as a demo user, in this language, on the user's home page. The
 * context signs in through the pages' own JSON endpoint (its cookies land in the context, as the
 * sign-in page's would) and the page opens once, in the language chosen: the sign-in page and the
 * language switch themselves are driven by the specs of sign-in and of the account pages.
 */
export async function signedInContext(
  browser: Browser,
  base: string,
  email: string,
  lang: Lang = 'en',
  width = 1280,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    locale: lang,
    timezoneId: 'Asia/Almaty',
  });
  const signedIn = await context.request.post(`${base}/web/session`, {
    data: { email, password: DEMO_PASSWORDS[email] },
    headers: { Origin: base },
  });
  expect(signedIn.status()).toBe(200);
  const { home } = (await signedIn.json()) as { home: string };
  await context.addCookies([{ name: LANG_COOKIE, value: lang, url: base }]);
  const page = await context.newPage();
  await page.goto(`${base}${home}`);
  expect(new URL(page.url()).pathname).toBe(home);
  return { context, page };
}

/** Signs in on the sign-in page as a person would, and waits for their home page. */
export async function signInOn(page: Page, base: string, email: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.fill('#email', email);
  await page.fill('#password', DEMO_PASSWORDS[email]);
  await Promise.all([
    page.waitForURL((u) => u.pathname !== '/'),
    page.click('button[type=submit]'),
  ]);
}

/** What the page's Content-Security-Policy refused, as Chromium reports it on the console. */
export function recordCspViolations(page: Page): string[] {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      refused.push(message.text());
  });
  return refused;
}

/**
 * Waits until an expression is true in the page. The pages' script policy forbids eval, so the
 * expression is asked again from outside (as `page.evaluate` does) rather than polled inside.
 */
export async function waitForExpression(page: Page, expression: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`still false after ${timeoutMs} ms: ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
