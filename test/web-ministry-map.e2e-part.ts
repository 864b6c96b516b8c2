import { Month } from '../src/statistics/months';
import { expectNoSeriousViolations } from './support/axe';
import { dashboardOpener, fileDashboardData } from './support/ministry-dashboard';
import { bearer } from './support/test-app';
import { Lang, pageSession, recordCspViolations, webTestPerFile } from './support/web-test';
import { screenshots } from './support/screenshots';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The dashboard's map, its weight, and its accessibility in every language. */
describe('the ministry dashboard: map, weight and accessibility', () => {
  const web = webTestPerFile();
  const month = Month.of(new Date()).plus(-1);
  let ministry: string;

  const api = async (path: string): Promise<Json> => {
    const res = await web.t.http().get(path).set(bearer(ministry));
    expect(res.status).toBe(200);
    return res.body as Json;
  };
  const { open } = dashboardOpener(web);

  beforeAll(async () => {
    ministry = await web.t.login('ministry@demo.medguard.kz');
    await fileDashboardData(web.t, month);
  });

  it('draws every region with its count and the facilities with and without a post, from the bundled shapes when no tile source is set', async () => {
    const figures = await api(`/api/v1/stats/map?month=${month}&lang=en`);
    const { close, page } = await open();
    const refused = recordCspViolations(page);
    const elsewhere: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(web.base)) elsewhere.push(r.url());
    });
    await page.focus('#map-show');
    await page.keyboard.press('Enter');
    await page.locator('#map path[data-region]').first().waitFor();
    await expect(page.getAttribute('#map-show', 'aria-expanded')).resolves.toBe('true');
    for (const region of figures.regions as Json[]) {
      const shape = page.locator(`#map path[data-region="${region.code}"]`);
      await expect(shape.count()).resolves.toBe(1);
      await expect(shape.getAttribute('data-count')).resolves.toBe(String(region.incidents));
    }
    const points = async (covered: boolean) =>
      page.locator(`#map path[data-covered="${covered}"]`).count();
    const facilities = figures.facilities as Json[];
    await expect(points(true)).resolves.toBe(facilities.filter((f) => f.covered).length);
    await expect(points(false)).resolves.toBe(facilities.filter((f) => !f.covered).length);
    await expect(page.locator('#map .leaflet-tile').count()).resolves.toBe(0);
    await expect(page.locator('#map .leaflet-control-attribution').textContent()).resolves.toMatch(
      /Region shapes © amCharts/,
    );
    // The legend names the classes the regions are coloured by.
    await expect(page.locator('#map-legend li').count()).resolves.toBeGreaterThan(1);
    expect(elsewhere).toEqual([]);
    expect(refused).toEqual([]);
    await close();
  });

  it('loads with at most 150 KB of compressed JS and CSS; the map’s library only when opened', async () => {
    // A browser that has never been here: nothing comes from its cache.
    const context = await web.browser.newContext({ viewport: { width: 360, height: 900 } });
    const { cookie } = await pageSession(web.t, 'ministry@demo.medguard.kz');
    await context.addCookies(
      cookie.split('; ').map((c) => {
        const [name, ...value] = c.split('=');
        return { name, value: value.join('='), url: web.base };
      }),
    );
    const page = await context.newPage();
    const sizes: Array<Promise<{ url: string; size: number }>> = [];
    page.on('requestfinished', (request) => {
      if (['script', 'stylesheet'].includes(request.resourceType()))
        sizes.push(
          request.sizes().then((s) => ({
            url: request.url(),
            size: s.responseBodySize + s.responseHeadersSize,
          })),
        );
    });
    await page.goto(`${web.base}/ministry`, { waitUntil: 'networkidle' });
    const first = await Promise.all(sizes);
    const total = first.reduce((a, b) => a + b.size, 0);
    expect(first.some((f) => /leaflet/.test(f.url))).toBe(false);
    expect(first.length).toBeGreaterThanOrEqual(5);
    expect(total).toBeLessThanOrEqual(150 * 1024);
    await page.click('#map-show');
    await page.locator('#map path[data-region]').first().waitFor();
    const all = await Promise.all(sizes);
    expect(all.some((f) => /leaflet\.js/.test(f.url))).toBe(true);
    process.stdout.write(
      `ministry page first load: ${(total / 1024).toFixed(1)} KB of compressed JS+CSS\n`,
    );
    await context.close();
  });

  it.each(['kk', 'ru', 'en'] as Lang[])(
    'passes the axe check in %s with the map open, fits 360 px, and is screenshotted',
    async (lang) => {
      const { close, page } = await open(lang, 360);
      await page.click('#map-show');
      await page.locator('#map path[data-region]').first().waitFor();
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
      await expectNoSeriousViolations(page, `/ministry ${lang}`);
      // No sideways scrolling of the page at phone width; wide tables scroll in their own box.
      await expect(
        page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'),
      ).resolves.toBe(true);
      // Both widths in English (the README's pictures); the other languages at phone width.
      await screenshots(page, 'ministry', lang, lang === 'en' ? [360, 1280] : [360], () =>
        page.locator('#map').scrollIntoViewIfNeeded(),
      );
      await close();
    },
  );
});
