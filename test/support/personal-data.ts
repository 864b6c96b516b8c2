import { FieldCipher } from '../../src/privacy/field-cipher';
import type { TestApp } from './test-app';

export interface ReportRow {
  id: string;
  reference: string;
  reporter_id: string;
  narrative: string;
}

/** Every report of the test's database with its narrative decrypted, as the app reads it. */
export async function reportsWithNarratives(t: TestApp): Promise<ReportRow[]> {
  const cipher = t.app.get(FieldCipher);
  const rows = (await t.db.query(
    `SELECT id, reference, reporter_id, narrative FROM incidents ORDER BY created_at, id`,
  )) as Array<Omit<ReportRow, 'narrative'> & { narrative: Buffer }>;
  return rows.map((r) => ({ ...r, narrative: cipher.open('incidents.narrative', r.narrative) }));
}

/** How many reports carry exactly this narrative. */
export async function reportsNarrating(t: TestApp, narrative: string): Promise<number> {
  return (await reportsWithNarratives(t)).filter((r) => r.narrative === narrative).length;
}

/** An SOS row's location decrypted. */
export function sosLocationOf(
  t: TestApp,
  row: { lat: Buffer; lon: Buffer; accuracy_m: Buffer | null },
) {
  const cipher = t.app.get(FieldCipher);
  return {
    lat: cipher.openNumber('sos.lat', row.lat),
    lon: cipher.openNumber('sos.lon', row.lon),
    accuracy_m: cipher.openNumber('sos.accuracy_m', row.accuracy_m),
  };
}
