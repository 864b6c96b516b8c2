import { recordCspViolations, webTestPerFile } from './support/web-test';
import { snapshot } from './support/screenshots';

const web = webTestPerFile();

describe('API documentation page', () => {
  it.each(['/docs', '/docs/'])(
    '%s renders its operations under its Content-Security-Policy, refusing nothing',
    async (path) => {
      const context = await web.browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await context.newPage();
        const refused = recordCspViolations(page);
        const res = await page.goto(`${web.base}${path}`, { waitUntil: 'networkidle' });
        expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
        await page.locator('.opblock').first().waitFor();
        expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
        await expect(
          page.locator('.opblock-summary-path', { hasText: '/api/v1/incidents' }).count(),
        ).resolves.toBeGreaterThan(0);
        // Opening an operation shows its parameters: the page's script runs.
        await page.locator('.opblock-summary', { hasText: '/api/v1/auth/login' }).first().click();
        await page.locator('.opblock-body').first().waitFor();
        await snapshot(page, 'docs-1280.png', false);
        expect(refused).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
