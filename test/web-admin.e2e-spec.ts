import { Webhook } from 'standardwebhooks';
import { DEMO_IDS } from '../seeds/demo';
import { expectNoSeriousViolations } from './support/axe';
import { CENTRAL } from './support/incidents';
import { bearer } from './support/test-app';
import { WEBHOOK_SECRET, WebhookReceiver } from './support/webhook-receiver';
import { Lang, signedInContext, waitForExpression, webTestPerFile } from './support/web-test';
import { screenshots } from './support/screenshots';

const LANGS: Lang[] = ['kk', 'ru', 'en'];
const ADMIN = 'admin@demo.medguard.kz';
const SECTIONS = [
  ['/admin', 'admin'],
  ['/admin/posts', 'admin-posts'],
  ['/admin/users', 'admin-users'],
  ['/admin/rule-sets', 'admin-rule-sets'],
  ['/admin/emergencies', 'admin-emergencies'],
] as const;

/** Almaty wall-clock time as a datetime-local input takes it. */
const almatyLocal = (ms: number) => new Date(ms + 5 * 3600_000).toISOString().slice(0, 16);

describe('the operator console in the browser', () => {
  // Loopback receivers stand in for police systems here.
  const web = webTestPerFile({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
  const receiver = new WebhookReceiver();
  let hookUrl: string;
  let admin: string;

  beforeAll(async () => {
    hookUrl = await receiver.start();
    admin = await web.t.login(ADMIN);
  });
  afterAll(async () => {
    await receiver.stop();
  });

  const signedIn = (lang: Lang = 'en', width = 1280) =>
    signedInContext(web.browser, web.base, ADMIN, lang, width);

  it('lands the operator on the console; the operator sets a post’s webhook, sends a test event the receiver gets signed, and sees the attempt and the log', async () => {
    const { context, page } = await signedIn();
    expect(new URL(page.url()).pathname).toBe('/admin');
    page.on('dialog', (d) => void d.accept());
    await page.click('.tabs a[href="/admin/posts"]');
    await page.click(`[data-edit="${DEMO_IDS.centralPost}"]`);
    await expect(page.locator('#p-name').inputValue()).resolves.not.toBe('');

    // A private address outside the allowed hosts is refused at its field.
    await page.fill('#p-webhookUrl', 'http://10.1.2.3/hook');
    await page.click('#post-form button[type=submit]');
    await page
      .locator('#p-webhookUrl-error', { hasText: 'it must be https and reach a public address' })
      .waitFor();
    await expect(page.locator('#p-webhookUrl').getAttribute('aria-invalid')).resolves.toBe('true');

    // An address without a signing secret is refused at the secret's field.
    await page.fill('#p-webhookUrl', hookUrl);
    await page.click('#post-form button[type=submit]');
    await page.locator('#p-webhookSecret-error', { hasText: 'needs a signing secret' }).waitFor();
    await page.fill('#p-webhookSecret', WEBHOOK_SECRET);
    await page.click('#post-form button[type=submit]');
    await page.locator('#post-status', { hasText: 'Saved' }).waitFor();
    await expect(page.locator('#secret-state').innerText()).resolves.toContain('A secret is set');
    await expect(page.inputValue('#p-webhookSecret')).resolves.toBe('');

    await page.click('#send-test');
    await page.locator('#test-attempt[data-outcome="delivered"]').waitFor();
    await expect(page.locator('#test-attempt').innerText()).resolves.toMatch(/Delivered[\s\S]*200/);
    const [got] = await receiver.waitFor(1);
    const event = new Webhook(WEBHOOK_SECRET).verify(
      got.body,
      got.headers as Record<string, string>,
    ) as { type: string; policePostId: string };
    expect(event).toMatchObject({ type: 'webhook.test', policePostId: DEMO_IDS.centralPost });

    const log = page.locator('#deliveries tbody tr').first();
    await expect(log.innerText()).resolves.toMatch(/Test event\s+Webhook\s+Delivered\s+200/);
    await page.selectOption('#d-channel', 'sms');
    await page.locator('#deliveries tbody', { hasText: 'No delivery attempts yet.' }).waitFor();

    // A new secret is shown once; the next test event is signed with it (and the old one).
    await page.click('#rotate-secret');
    await page.locator('#new-secret').waitFor();
    const fresh = (await page.locator('#new-secret-value').innerText()).trim();
    expect(fresh).toMatch(/^whsec_/);
    await page.click('#send-test');
    await page.locator('#test-attempt[data-outcome="delivered"]').waitFor();
    const [, second] = await receiver.waitFor(2);
    expect(() =>
      new Webhook(fresh).verify(second.body, second.headers as Record<string, string>),
    ).not.toThrow();
    await context.close();
  });

  it('edits a facility with the keyboard: a wrong latitude is shown at its field, the corrected one is saved and listed', async () => {
    const { context, page } = await signedIn('en', 360);
    const focused = () => page.evaluate('document.activeElement.id');
    await page.focus('#region');
    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toBe('new-facility');
    await page.keyboard.press('Enter');
    await expect(focused()).resolves.toBe('facility-editor-title');
    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toBe('f-name');
    await page.click('#facility-cancel');
    await page.focus(`[data-edit="${CENTRAL}"]`);
    await page.keyboard.press('Enter');
    await page.fill('#f-lat', '95');
    await page.fill('#f-name', 'Central City Clinical Hospital No. 1');
    await page.focus('#f-staffCount');
    await page.keyboard.press('Enter');
    await page.locator('#f-lat-error', { hasText: 'Enter a latitude from -90 to 90.' }).waitFor();
    await expect(focused()).resolves.toBe('f-lat');
    await page.fill('#f-lat', '43.2567');
    await page.click('#facility-form button[type=submit]');
    const row = page.locator('#facilities tbody tr', {
      hasText: 'Central City Clinical Hospital No. 1',
    });
    await row.waitFor();
    await expect(row.innerText()).resolves.toContain('43.2567');
    const saved = await web.t.http().get(`/api/v1/facilities/${CENTRAL}`).set(bearer(admin));
    expect(saved.body).toMatchObject({
      name: 'Central City Clinical Hospital No. 1',
      lat: 43.2567,
    });
    await context.close();
  });

  it('previews a rule-set version, showing a problem at its place first, then saves it', async () => {
    const { context, page } = await signedIn();
    await page.goto(`${web.base}/admin/rule-sets`);
    await waitForExpression(
      page,
      "document.getElementById('rule-set-json').value.includes('rules')",
    );
    const draft = JSON.parse(await page.inputValue('#rule-set-json'));
    await page.fill('#rule-set-json', JSON.stringify({ ...draft, fallbackCategory: 'nothing' }));
    await page.click('#preview-rule-set');
    await page
      .locator('#rule-set-problems li[data-field="fallbackCategory"]', {
        hasText: 'is not one of the categories',
      })
      .waitFor();
    await expect(page.locator('#preview').isHidden()).resolves.toBe(true);

    const categories = draft.categories.map((c: { code: string; maxPenalty: object }) =>
      c.code === 'threat' ? { ...c, maxPenalty: { kind: 'restricted_freedom', years: 3 } } : c,
    );
    await page.fill('#rule-set-json', JSON.stringify({ ...draft, categories }, null, 2));
    await page.click('#preview-rule-set');
    await page.locator('#preview-table tbody tr').first().waitFor();
    await expect(page.locator('#rule-set-problems li').count()).resolves.toBe(0);
    const changed = page.locator('#preview-table tbody tr', { hasText: 'changed' });
    await expect(changed.count()).resolves.toBe(3);
    await expect(changed.first().innerText()).resolves.toContain('Threat');

    await page.click('#rule-set-form button[type=submit]');
    await page.locator('#rule-set-status', { hasText: 'Version 2 saved' }).waitFor();
    await page.locator('#rule-sets tbody td:first-child', { hasText: /^2$/ }).waitFor();
    const versions = await web.t.http().get('/api/v1/classification/rule-sets').set(bearer(admin));
    expect(versions.body.items.map((r: { version: number }) => r.version)).toEqual([1, 2]);
    await context.close();
  });

  it('records a state of emergency and ends it early; an end before its start is refused with its text', async () => {
    const { context, page } = await signedIn();
    await page.goto(`${web.base}/admin/emergencies`);
    const now = Date.now();
    await page.selectOption('#e-regionId', { label: 'Karaganda Region' });
    await page.fill('#e-from', almatyLocal(now - 3600_000));
    await page.fill('#e-to', almatyLocal(now + 48 * 3600_000));
    await page.fill('#e-description', 'Flooding on the Nura');
    await page.click('#emergency-form button[type=submit]');
    const row = page.locator('#emergencies tbody tr', { hasText: 'Flooding on the Nura' });
    await row.waitFor();
    await expect(row.innerText()).resolves.toContain('In force');

    const end = row.locator('input[type=datetime-local]');
    await end.fill(almatyLocal(now - 2 * 3600_000));
    await row.locator('button[data-end]').click();
    await row.locator('.error', { hasText: 'The end must be after the start.' }).waitFor();
    await end.fill(almatyLocal(now + 2 * 3600_000));
    await row.locator('button[data-end]').click();
    await page.locator('#emergencies-status', { hasText: 'The new end is on record.' }).waitFor();
    const list = await web.t.http().get('/api/v1/emergencies?limit=200').set(bearer(admin));
    const recorded = list.body.items.find(
      (e: { description: string }) => e.description === 'Flooding on the Nura',
    );
    expect(Math.abs(Date.parse(recorded.to) - (now + 2 * 3600_000))).toBeLessThan(60_000);
    await context.close();
  });

  it.each(LANGS)(
    'passes the axe check on every section in %s and fits a 360 px phone (English: photographed)',
    async (lang) => {
      const { context, page } = await signedIn(lang, 360);
      for (const [path, name] of SECTIONS) {
        await page.setViewportSize({ width: 360, height: 900 });
        await page.goto(`${web.base}${path}`, { waitUntil: 'networkidle' });
        if (path === '/admin/posts') await page.click(`[data-edit="${DEMO_IDS.centralPost}"]`);
        await page.waitForLoadState('networkidle');
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
        await expectNoSeriousViolations(page, `${path} ${lang}`);
        const overflow = await page.evaluate(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        );
        expect({ path, overflow }).toEqual({ path, overflow: 0 });
        if (lang === 'en') await screenshots(page, name, lang);
      }
      await context.close();
    },
  );
});
