import { MigrationInterface, QueryRunner } from 'typeorm';
import { dataKeysFromEnv } from '../src/config/app-config';
import { allowHistoryType, disallowHistoryType } from './support/history-types';
import { FieldCipher } from '../src/privacy/field-cipher';

/**
 * Retention of personal data: every category of every stored rule set says how many years the
 * personal data of a closed incident is kept (derived here from the category's maximum penalty,
 * by the same reading of the Criminal Code as src/classification/retention-periods.ts, frozen so a
 * later edit there never changes what this migration wrote). Erased fields become NULL, so the
 * narrative and an SOS's coordinates may now be empty; the incident records when it was erased,
 * and its history gains the `personal_data_erased` entry.
 */
const HISTORY_TYPE = 'personal_data_erased';

interface StoredCategory {
  maxPenalty?: { years?: number };
  personalDataRetentionYears?: number;
}

/** Article 71 limitation period of the gravity Article 11 gives the maximum penalty, plus 1 year. */
function defaultRetentionYears(category: StoredCategory): number {
  const years = category.maxPenalty?.years ?? 0;
  const limitation = years <= 2 ? 5 : years <= 5 ? 10 : years <= 12 ? 15 : 20;
  return limitation + 1;
}

/** A stored definition with every category given its default period where it had none. */
export function withRetentionDefaults<T extends { categories: StoredCategory[] }>(
  definition: T,
): T {
  return {
    ...definition,
    categories: definition.categories.map((c) => ({
      ...c,
      personalDataRetentionYears: c.personalDataRetentionYears ?? defaultRetentionYears(c),
    })),
  };
}

export class PersonalDataRetention1796560000000 implements MigrationInterface {
  name = 'PersonalDataRetention1796560000000';

  async up(q: QueryRunner): Promise<void> {
    const ruleSets = (await q.query(
      `SELECT id, definition FROM classification_rule_sets ORDER BY version`,
    )) as Array<{ id: string; definition: { categories: StoredCategory[] } }>;
    for (const r of ruleSets) {
      await q.query(`UPDATE classification_rule_sets SET definition = $2 WHERE id = $1`, [
        r.id,
        JSON.stringify(withRetentionDefaults(r.definition)),
      ]);
    }

    await q.query(`ALTER TABLE incidents ALTER COLUMN narrative DROP NOT NULL`);
    await q.query(`ALTER TABLE incidents ADD COLUMN personal_data_erased_at timestamptz`);
    await q.query(
      `CREATE INDEX incidents_retention_idx ON incidents (closed_at)
        WHERE status = 'closed' AND personal_data_erased_at IS NULL`,
    );
    await q.query(`ALTER TABLE sos ALTER COLUMN lat DROP NOT NULL`);
    await q.query(`ALTER TABLE sos ALTER COLUMN lon DROP NOT NULL`);
    await q.query(
      `ALTER TABLE sos ADD CONSTRAINT sos_location_whole CHECK ((lat IS NULL) = (lon IS NULL))`,
    );
    // Addenda are erased with the rest; where the table already exists its text may become empty.
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM information_schema.columns
                    WHERE table_name = 'incident_addenda' AND column_name = 'text') THEN
          ALTER TABLE incident_addenda ALTER COLUMN text DROP NOT NULL;
        END IF;
      END $$`);

    await allowHistoryType(q, HISTORY_TYPE);
  }

  async down(q: QueryRunner): Promise<void> {
    // The erasure entries go with the type they use; the erased values cannot come back.
    await q.query(`DELETE FROM incident_history WHERE type = $1`, [HISTORY_TYPE]);
    await disallowHistoryType(q, HISTORY_TYPE);

    await q.query(`ALTER TABLE sos DROP CONSTRAINT sos_location_whole`);
    // An erased SOS gets its facility's coordinates, as one whose phone could not tell, and an
    // erased report the narrative "(erased)": both sealed like every value of these columns.
    const erasedSos = (await q.query(
      `SELECT s.id, f.lat, f.lon FROM sos s JOIN facilities f ON f.id = s.facility_id
        WHERE s.lat IS NULL`,
    )) as Array<{ id: string; lat: number; lon: number }>;
    const erasedReports = (await q.query(
      `SELECT id FROM incidents WHERE narrative IS NULL`,
    )) as Array<{ id: string }>;
    if (erasedSos.length > 0 || erasedReports.length > 0) {
      const cipher = new FieldCipher(dataKeysFromEnv());
      for (const e of erasedSos)
        await q.query(
          `UPDATE sos SET lat = $2, lon = $3, accuracy_m = NULL, location_source = 'facility'
            WHERE id = $1`,
          [e.id, cipher.sealNumber('sos.lat', e.lat), cipher.sealNumber('sos.lon', e.lon)],
        );
      for (const r of erasedReports)
        await q.query(`UPDATE incidents SET narrative = $2 WHERE id = $1`, [
          r.id,
          cipher.seal('incidents.narrative', '(erased)'),
        ]);
    }
    await q.query(`ALTER TABLE sos ALTER COLUMN lon SET NOT NULL`);
    await q.query(`ALTER TABLE sos ALTER COLUMN lat SET NOT NULL`);

    await q.query(`DROP INDEX incidents_retention_idx`);
    await q.query(`ALTER TABLE incidents DROP COLUMN personal_data_erased_at`);
    await q.query(`ALTER TABLE incidents ALTER COLUMN narrative SET NOT NULL`);

    const ruleSets = (await q.query(
      `SELECT id, definition FROM classification_rule_sets`,
    )) as Array<{
      id: string;
      definition: { categories: Array<Record<string, unknown>> };
    }>;
    for (const r of ruleSets) {
      const categories = r.definition.categories.map((c) => {
        const { personalDataRetentionYears: _dropped, ...rest } = c;
        return rest;
      });
      await q.query(`UPDATE classification_rule_sets SET definition = $2 WHERE id = $1`, [
        r.id,
        JSON.stringify({ ...r.definition, categories }),
      ]);
    }
  }
}
