import { BrowserContext, Page } from 'playwright-core';
import { DEMO_IDS } from '../../seeds/demo';
import { Month } from '../../src/statistics/months';
import { addAstanaPolyclinic, HOSPITAL, incidentWriter, POLYCLINIC } from './statistics';
import { TestApp } from './test-app';
import { Lang, signedInContext, WebTest } from './web-test';

export const KARAGANDA_HOSPITAL = DEMO_IDS.karagandaHospital;

/** The month's reports the dashboard's spec looks at again. */
export interface DashboardData {
  /** The month's three reports at the Almaty hospital. */
  almatyReports: string[];
  /** Two of the month's reports (Almaty and Karaganda), whose victims get support recorded. */
  supported: string[];
}

/**
 * The dashboard's data set around `month`: reports at the Almaty hospital (3, 2 the month
 * before), the Astana polyclinic (1, 1 a year before) and the Karaganda hospital (1, 2 the month
 * before), and the month's police alerts and acknowledgements as the worker's rollups hold them.
 */
export async function fileDashboardData(t: TestApp, month: Month): Promise<DashboardData> {
  await addAstanaPolyclinic(t);
  const incident = incidentWriter(t);
  const at = (m: Month, day: number) =>
    `${m.toString()}-${String(day).padStart(2, '0')}T12:00:00+05:00`;
  const file = async (facility: string, m: Month, n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++)
      ids.push(await incident({ facility, at: at(m, 10 + i), category: 'assault' }));
    return ids;
  };
  const almatyReports = await file(HOSPITAL, month, 3);
  const [almaty] = almatyReports;
  await file(HOSPITAL, month.plus(-1), 2);
  await file(POLYCLINIC, month, 1);
  await file(POLYCLINIC, month.plus(-12), 1);
  const [karaganda] = await file(KARAGANDA_HOSPITAL, month, 1);
  await file(KARAGANDA_HOSPITAL, month.plus(-1), 2);
  await t.db.query(
    `INSERT INTO stats_alerts_monthly (month, facility_id, alerts, acknowledged_in_time,
       acknowledged_late, never_acknowledged, escalated)
     VALUES ($1, $2, 5, 3, 1, 1, 2), ($1, $3, 2, 1, 0, 1, 1)`,
    [month.firstDay, HOSPITAL, KARAGANDA_HOSPITAL],
  );
  await t.db.query(
    `INSERT INTO stats_acknowledgements (incident_id, month, facility_id, seconds)
     VALUES ($1, $2, $3, 150), ($4, $2, $5, 630)`,
    [almaty, month.firstDay, HOSPITAL, karaganda, KARAGANDA_HOSPITAL],
  );
  return { almatyReports, supported: [almaty, karaganda] };
}

/**
 * Opens the dashboard signed in as the ministry and waits for its tables: one shared English
 * browser at desktop width for the tests that only read the page, a context of its own otherwise.
 */
export function dashboardOpener(web: Pick<WebTest, 'base' | 'browser'>) {
  let shared: { context: BrowserContext; page: Page } | undefined;
  afterAll(() => shared?.context.close());
  const open = async (lang: Lang = 'en', width = 1280) => {
    let signed: { context: BrowserContext; page: Page; close: () => Promise<void> };
    if (lang === 'en' && width === 1280) {
      shared ??= await signedInContext(web.browser, web.base, 'ministry@demo.medguard.kz');
      await shared.page.goto(`${web.base}/ministry`);
      signed = { ...shared, close: async () => undefined };
    } else {
      const own = await signedInContext(
        web.browser,
        web.base,
        'ministry@demo.medguard.kz',
        lang,
        width,
      );
      signed = { ...own, close: () => own.context.close() };
    }
    await signed.page.locator('#table tbody tr').first().waitFor();
    await signed.page.locator('#coverage-table tbody tr').first().waitFor();
    return signed;
  };
  const rowCells = (page: Page, table: string, key: string) =>
    page.locator(`#${table} tr[data-key="${key}"] td`).allTextContents();
  return { open, rowCells };
}
