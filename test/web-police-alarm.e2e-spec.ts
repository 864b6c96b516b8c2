import { INestApplicationContext } from '@nestjs/common';
import { Browser, chromium } from 'playwright-core';
import { AlertSweeper } from '../src/alerts/alert-sweeper.service';
import { DEMO_IDS } from '../seeds/demo';
import { CHROMIUM, launchChromium } from './support/browser';
import { eventually, startAlertStack } from './support/alert-stack';
import { fileIncident } from './support/incidents';
import { alarmOf as alarm } from './support/police-console';
import { bearer, listenOnLoopback, TestApp } from './support/test-app';
import { shiftClock } from './support/test-clock';
import { Lang, signedInContext } from './support/web-test';

jest.setTimeout(120_000);
const MINUTE = 60_000;

/** The console's alarm: it repeats until someone answers, and says what the browser blocks. */
describe('the police console alarm', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let close: () => Promise<void>;
  let base: string;
  let browser: Browser;
  let police: string;
  let restore: () => void = () => undefined;

  beforeAll(async () => {
    ({ api: t, worker, close } = await startAlertStack());
    base = await listenOnLoopback(t);
    browser = await launchChromium();
    police = await t.login('police@demo.medguard.kz');
  });
  afterEach(() => restore());
  afterAll(async () => {
    await browser?.close();
    await close();
  });

  const signedIn = (lang: Lang = 'en') =>
    signedInContext(browser, base, 'police@demo.medguard.kz', lang);

  it('repeats the alarm while any of several alerts waits, stops when the last is acknowledged elsewhere, and says who acknowledged', async () => {
    const { context, page } = await signedIn();
    await page.waitForSelector('#connection.live');
    expect((await alarm(page)).on).not.toBe('on');
    const filed = await Promise.all(
      [1, 2, 3].map((n) => fileIncident(t, { narrative: `Alarm test ${n}` })),
    );
    const items = filed.map((f) => page.locator('[data-alert]', { hasText: f.reference }));
    for (const item of items) await item.waitFor();
    const ringing = await eventually(
      () => alarm(page),
      (a) => a.count >= 1,
    );
    expect(ringing).toMatchObject({ on: 'on' });
    await expect(page.title()).resolves.toMatch(/\(3\)/);
    const alertIds = await Promise.all(
      filed.map(
        async (f) =>
          (await t.db.query(`SELECT id FROM alerts WHERE incident_id = $1`, [f.id]))[0]
            .id as string,
      ),
    );
    // Two acknowledged at once from another device: one still waits, so the alarm repeats.
    const acked = await Promise.all(
      alertIds
        .slice(0, 2)
        .map((id) => t.http().post(`/api/v1/alerts/${id}/ack`).set(bearer(police))),
    );
    expect(acked.map((r) => r.status)).toEqual([200, 200]);
    expect(acked[0].body).toMatchObject({ acknowledgedByName: 'Demo Officer' });
    await items[0].locator('.acknowledged-by', { hasText: 'Demo Officer' }).waitFor();
    await items[1].locator('.acknowledged-by', { hasText: 'Demo Officer' }).waitFor();
    const still = await alarm(page);
    const rang = await eventually(
      () => alarm(page),
      (a) => a.count > still.count,
    );
    expect(rang).toEqual({ on: 'on', count: still.count + 1 });
    await expect(page.title()).resolves.toMatch(/\(1\)/);
    // The last one from another tab of the console.
    const other = await context.newPage();
    await other.goto(`${base}/police`);
    await other
      .locator('[data-alert]', { hasText: filed[2].reference })
      .locator('button.ack')
      .click();
    await items[2].locator('.acknowledged-by', { hasText: 'Demo Officer' }).waitFor();
    const stopped = await eventually(
      () => alarm(page),
      (a) => a.on === 'off',
    );
    expect(stopped.on).toBe('off');
    // Longer than the alarm's period: no further tone.
    await new Promise((r) => setTimeout(r, 3200));
    expect((await alarm(page)).count).toBe(stopped.count);
    await expect(page.title()).resolves.not.toMatch(/\(\d+\)/);
    const listed = await t.http().get('/api/v1/alerts').set(bearer(police));
    expect(listed.body.items.find((a: { id: string }) => a.id === alertIds[2])).toMatchObject({
      acknowledgedBy: expect.any(String),
      acknowledgedByName: 'Demo Officer',
    });
    await context.close();
  });

  it('rings on opening the console while an alert raised before waits, until it is acknowledged', async () => {
    const filed = await fileIncident(t, { narrative: 'Raised before the console opened' });
    const { context, page } = await signedIn();
    await page.waitForSelector('#connection.live');
    await page.locator('[data-alert]', { hasText: filed.reference }).waitFor();
    await expect(
      eventually(
        () => alarm(page),
        (a) => a.on === 'on',
      ),
    ).resolves.toMatchObject({
      on: 'on',
    });
    const [alert] = await t.db.query(`SELECT id FROM alerts WHERE incident_id = $1`, [filed.id]);
    expect((await t.http().post(`/api/v1/alerts/${alert.id}/ack`).set(bearer(police))).status).toBe(
      200,
    );
    await expect(
      eventually(
        () => alarm(page),
        (a) => a.on === 'off',
      ),
    ).resolves.toMatchObject({
      on: 'off',
    });
    await context.close();
  });

  it('says plainly when the browser blocks sound, and its one button allows it', async () => {
    // A browser with its default autoplay policy: audio needs a gesture on every page load.
    const strict = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--mute-audio'],
    });
    try {
      const { context, page } = await signedInContext(strict, base, 'police@demo.medguard.kz');
      await page.goto(`${base}/police`);
      await page.click('#sound');
      const allowed = await eventually(
        async () => page.evaluate("localStorage.getItem('medguard.sound')"),
        (v) => v === 'on',
      );
      expect(allowed).toBe('on');
      // The next load of the console, in a tab the officer has not touched yet.
      const later = await context.newPage();
      await later.goto(`${base}/police`);
      await later.waitForSelector('#connection.live');
      await expect(later.locator('#sound').isHidden()).resolves.toBe(true);
      const notice = later.locator('#sound-blocked');
      await later
        .locator('#sound-blocked', { hasText: 'Sound is blocked by the browser' })
        .waitFor();
      await notice.locator('button', { hasText: 'Allow sound' }).click();
      await notice.waitFor({ state: 'hidden' });
      await context.close();
    } finally {
      await strict.close();
    }
  });

  it('shows reclassified and escalated alerts as such, and stops ringing for an alert gone to the desk', async () => {
    const { context, page } = await signedIn();
    await page.waitForSelector('#connection.live');
    const filed = await fileIncident(t, { narrative: 'Escalation test' });
    const item = page.locator('[data-alert]', { hasText: filed.reference });
    await item.waitFor();
    expect((await alarm(page)).on).toBe('on');
    const reclassified = await t
      .http()
      .post(`/api/v1/incidents/${filed.id}/reclassify`)
      .set(bearer(police))
      .send({ category: 'threat', reason: 'No blow was struck' });
    expect(reclassified.status).toBe(200);
    await item.locator('.badge.updated', { hasText: 'Reclassified' }).waitFor();
    await eventually(
      async () =>
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM outbox o JOIN alerts a ON a.id = o.alert_id
              WHERE a.incident_id = $1 AND o.relayed_at IS NULL`,
            [filed.id],
          )
        )[0].n as number,
      (n) => n === 0,
    );
    restore = shiftClock([t.app, worker], 16 * MINUTE);
    await worker.get(AlertSweeper).sweep();
    const [desk] = await t.db.query(`SELECT name FROM police_posts WHERE id = $1`, [
      DEMO_IDS.almatyDutyDesk,
    ]);
    await item.locator('.badge.escalated', { hasText: `Escalated to ${desk.name}` }).waitFor();
    // The desk has it now: the post's alarm for it stops, the row stays with its button.
    await expect(
      eventually(
        () => alarm(page),
        (a) => a.on === 'off',
      ),
    ).resolves.toMatchObject({
      on: 'off',
    });
    await expect(item.locator('button.ack').isVisible()).resolves.toBe(true);
    await context.close();
  });
});
