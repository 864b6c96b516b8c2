import { FieldCipher } from '../../src/privacy/field-cipher';
import { randomUUID } from 'node:crypto';
import { regionId } from '../../seeds/reference';
import { seedId } from '../../seeds/seed-ids';
import { startTestApp, TestApp } from './test-app';

export const HOSPITAL = seedId('facility:almaty:cgkb');
export const SUBSTATION = seedId('facility:almaty:ambulance:1');
export const ALMATY = regionId('KZ-75');
export const ASTANA = regionId('KZ-71');
export const POLYCLINIC = seedId('facility:test:astana:polyclinic');

/** Adds a polyclinic in Astana (500 staff, no police post) to the test database. */
export async function addAstanaPolyclinic(t: TestApp): Promise<void> {
  await t.db.query(
    `INSERT INTO facilities (id, region_id, type, name, address, lat, lon, staff_count)
     VALUES ($1, $2, 'polyclinic', 'Astana test polyclinic', 'Astana', 51.1, 71.4, 500)`,
    [POLYCLINIC, ASTANA],
  );
}

export interface StoredIncident {
  facility: string;
  at: string;
  category: string;
  perpetrator?: string;
  /** Victims by role, or by role and the account they were harmed as (the same person across reports). */
  victims?: Array<string | { role: string; userId: string | null }>;
}

/** The API on its own database, the Astana polyclinic added, and a writer of incidents into it. */
export async function startStatisticsApp(): Promise<{ t: TestApp; incident: IncidentWriter }> {
  const t = await startTestApp();
  const incident = incidentWriter(t);
  await addAstanaPolyclinic(t);
  return { t, incident };
}

export type IncidentWriter = (o: StoredIncident) => Promise<string>;

/**
 * Files incidents straight into the database (older than intake allows), as they were reported:
 * the statistics triggers see exactly what intake would have written.
 */
export function incidentWriter(t: TestApp): IncidentWriter {
  let ids: Promise<{ reporter: string; ruleSet: string }> | undefined;
  const lookUp = async () => {
    const [{ id: reporter }] = await t.db.query(
      `SELECT id FROM users WHERE email = 'nurse@demo.medguard.kz'`,
    );
    const [{ id: ruleSet }] = await t.db.query(
      `SELECT id FROM classification_rule_sets WHERE version = 1`,
    );
    return { reporter: reporter as string, ruleSet: ruleSet as string };
  };
  return async (o) => {
    const { reporter, ruleSet } = await (ids ??= lookUp());
    const id = randomUUID();
    await t.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO incidents (id, reference, facility_id, reporter_id, occurred_at, place_kind, kind,
           reported_emergency, during_state_of_emergency, perpetrator_type, perpetrator_count, narrative,
           category, max_penalty, rule_set_id, rule_set_version, classification_reasons)
         VALUES ($1, $2, $3, $4, $5, 'ward', 'physical_assault', false, false, $6, 1, $9,
           $7, '{}', $8, 1, '[]')`,
        [
          id,
          `T-${id.slice(0, 8)}`,
          o.facility,
          reporter,
          o.at,
          o.perpetrator ?? 'patient',
          o.category,
          ruleSet,
          t.app.get(FieldCipher).seal('incidents.narrative', 'Test narrative'),
        ],
      );
      for (const [position, victim] of (o.victims ?? ['nurse']).entries()) {
        const { role, userId } =
          typeof victim === 'string' ? { role: victim, userId: null } : victim;
        await m.query(
          `INSERT INTO incident_victims (incident_id, position, role, injury, user_id)
           VALUES ($1, $2, $3, 'minor', $4)`,
          [id, position, role, userId],
        );
      }
    });
    return id;
  };
}

/** Parses RFC 4180 CSV (quoted fields, CRLF) after checking and dropping the UTF-8 BOM. */
export function parseCsv(body: Buffer): string[][] {
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = body.subarray(3).toString('utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}
