import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ARTICLE_158_1_V1 } from '../src/classification/rule-set-v1';
import { dataKeysFromEnv } from '../src/config/app-config';
import { FieldCipher } from '../src/privacy/field-cipher';
import { seededRandom, seedId } from './seed-ids';
import {
  SEASON,
  YEARLY_GROWTH,
  KINDS,
  PERPETRATORS,
  AMBULANCE_ROLES,
  HOSPITAL_ROLES,
  TYPE_FACTOR,
  pick,
  sampler,
  uuidFrom,
  gaussian,
} from './synthetic-distributions';

export interface SyntheticOptions {
  incidents: number;
  years: number;
  /** Rows per INSERT statement. */
  batch?: number;
  /** Fixes the random sequence; the default differs between runs. */
  seed?: number;
  /** Called after each batch with the incidents written so far. */
  progress?: (written: number) => void;
}

export const SYNTHETIC_REPORTER = seedId('user:synthetic-reporter');

/**
 * Years of synthetic incidents over the whole directory, for load and statistics tests: spread
 * over facilities by staff, kind of facility and regional population; over months by season and a
 * yearly growth; with victims, and an alert to the region's duty desk, mostly acknowledged within
 * minutes. Written with multi-row INSERTs of `batch` rows; the statistics triggers turn each batch
 * into rollup deltas.
 */
export async function seedSyntheticIncidents(
  dataSource: DataSource,
  options: SyntheticOptions,
): Promise<{ incidents: number; victims: number; alerts: number }> {
  const rnd = seededRandom(options.seed ?? randomBytes(4).readUInt32LE(0));
  // One encrypted narrative for every synthetic row: it says nothing about anyone.
  const narrative = new FieldCipher(dataKeysFromEnv()).seal(
    'incidents.narrative',
    'Synthetic incident for load and statistics tests.',
  );
  const batch = options.batch ?? 10_000;
  const facilities = (await dataSource.query(
    `SELECT f.id, f.type, f.staff_count, r.code AS region
       FROM facilities f JOIN regions r ON r.id = f.region_id`,
  )) as Array<{ id: string; type: string; staff_count: number; region: string }>;
  if (facilities.length === 0) throw new Error('The directory is empty: seed it first');
  const desks = new Map(
    (
      (await dataSource.query(
        `SELECT p.id, r.code FROM police_posts p JOIN regions r ON r.id = p.region_id WHERE p.kind = 'duty_desk'`,
      )) as Array<{ id: string; code: string }>
    ).map((d) => [d.code, d.id]),
  );
  const facilityOf = sampler(
    facilities.map(
      // The directory already spreads facilities by regional population.
      (f) => Math.max(f.staff_count, 10) * (TYPE_FACTOR[f.type] ?? 1),
    ),
  );
  const now = new Date();
  const months: Array<{ start: number; end: number }> = [];
  const monthWeights: number[] = [];
  const firstYear = now.getUTCFullYear() - options.years;
  for (let i = 0; i < options.years * 12; i++) {
    const start = Date.UTC(firstYear, now.getUTCMonth() + 1 + i, 1) - 5 * 3600_000;
    const end = Math.min(
      Date.UTC(firstYear, now.getUTCMonth() + 2 + i, 1) - 5 * 3600_000,
      now.getTime() - 3600_000,
    );
    if (end <= start) continue;
    months.push({ start, end });
    monthWeights.push(
      SEASON[new Date(start + 6 * 3600_000).getUTCMonth()] *
        Math.pow(YEARLY_GROWTH, i / 12) *
        ((end - start) / (30 * 86400_000)),
    );
  }
  const monthOf = sampler(monthWeights);
  const categories = new Map(ARTICLE_158_1_V1.categories.map((c) => [c.code, c]));
  const [ruleSet] = (await dataSource.query(
    `SELECT id, version FROM classification_rule_sets WHERE version = 1`,
  )) as Array<{ id: string; version: number }>;
  await ensureReporter(dataSource, facilities[0].id);
  const run = randomBytes(3).toString('hex');

  let written = 0;
  let victimsWritten = 0;
  let alertsWritten = 0;
  while (written < options.incidents) {
    const n = Math.min(batch, options.incidents - written);
    const cols = {
      id: [] as string[],
      reference: [] as string[],
      facility: [] as string[],
      occurred: [] as string[],
      created: [] as string[],
      placeKind: [] as string[],
      kind: [] as string[],
      emergency: [] as boolean[],
      perpetrator: [] as string[],
      perpetrators: [] as number[],
      status: [] as string[],
      category: [] as string[],
      penalty: [] as string[],
      outcome: [] as Array<string | null>,
      closed: [] as Array<string | null>,
    };
    const victims = {
      incident: [] as string[],
      position: [] as number[],
      role: [] as string[],
      injury: [] as string[],
    };
    const alerts = {
      incident: [] as string[],
      post: [] as string[],
      created: [] as string[],
      deadline: [] as string[],
      acknowledged: [] as Array<string | null>,
      status: [] as string[],
    };
    for (let k = 0; k < n; k++) {
      const facility = facilities[facilityOf(rnd())];
      const month = months[monthOf(rnd())];
      const occurred = month.start + rnd() * (month.end - month.start);
      const created = occurred + (2 + rnd() * 40) * 60_000;
      const kind = pick(rnd, KINDS);
      const physical = kind === 'physical_assault' || kind === 'assault_with_weapon';
      const ambulance = facility.type === 'ambulance_station';
      const victimCount = rnd() < 0.8 ? 1 : rnd() < 0.85 ? 2 : 3;
      const emergency = physical && rnd() < 0.01;
      const category = !physical
        ? 'threat'
        : victimCount >= 2
          ? 'assault_multiple'
          : emergency
            ? 'assault_emergency'
            : 'assault';
      const old = now.getTime() - created > 45 * 86400_000;
      const closed = old && rnd() < 0.7;
      const id = uuidFrom(rnd);
      cols.id.push(id);
      cols.reference.push(`SYN-${run}-${written + k + 1}`);
      cols.facility.push(facility.id);
      cols.occurred.push(new Date(occurred).toISOString());
      cols.created.push(new Date(created).toISOString());
      cols.placeKind.push(
        ambulance ? 'ambulance_call' : rnd() < 0.6 ? 'admission_department' : 'ward',
      );
      cols.kind.push(kind);
      cols.emergency.push(emergency);
      cols.perpetrator.push(pick(rnd, PERPETRATORS));
      cols.perpetrators.push(rnd() < 0.85 ? 1 : 2);
      cols.status.push(closed ? 'closed' : old ? 'investigating' : 'submitted');
      cols.category.push(category);
      cols.penalty.push(JSON.stringify(categories.get(category)?.maxPenalty ?? {}));
      cols.outcome.push(closed ? (rnd() < 0.6 ? 'resolved' : 'case_dismissed') : null);
      cols.closed.push(closed ? new Date(created + 20 * 86400_000).toISOString() : null);
      for (let v = 0; v < victimCount; v++) {
        victims.incident.push(id);
        victims.position.push(v);
        victims.role.push(pick(rnd, ambulance ? AMBULANCE_ROLES : HOSPITAL_ROLES));
        victims.injury.push(
          physical
            ? pick(rnd, [
                ['minor', 0.6],
                ['moderate', 0.3],
                ['severe', 0.1],
              ])
            : 'none',
        );
      }
      const desk = desks.get(facility.region);
      if (desk) {
        // Log-normal acknowledgement times: median about 3 minutes, a long tail; 5% never acknowledged.
        const acked = rnd() < 0.95;
        const seconds = Math.exp(Math.log(180) + 0.9 * gaussian(rnd));
        alerts.incident.push(id);
        alerts.post.push(desk);
        alerts.created.push(new Date(created).toISOString());
        alerts.deadline.push(new Date(created + 5 * 60_000).toISOString());
        alerts.acknowledged.push(acked ? new Date(created + seconds * 1000).toISOString() : null);
        alerts.status.push(acked ? 'acknowledged' : 'delivered');
      }
    }
    await dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO incidents (id, reference, facility_id, reporter_id, occurred_at, created_at, updated_at,
           place_kind, kind, reported_emergency, during_state_of_emergency, perpetrator_type, perpetrator_count,
           narrative, status, category, max_penalty, rule_set_id, rule_set_version, classification_reasons,
           outcome, closed_at)
         SELECT id, ref, fac, $4, occ, cre, cre, pk, kind, em, em, perp, pc,
                $19::bytea, st, cat, pen::jsonb, $5, $6,
                '["synthetic"]'::jsonb, oc, cl
           FROM unnest($1::uuid[], $2::text[], $3::uuid[], $7::timestamptz[], $8::timestamptz[], $9::text[],
                       $10::text[], $11::boolean[], $12::text[], $13::int[], $14::text[], $15::text[],
                       $16::text[], $17::text[], $18::timestamptz[])
                AS t(id, ref, fac, occ, cre, pk, kind, em, perp, pc, st, cat, pen, oc, cl)`,
        [
          cols.id,
          cols.reference,
          cols.facility,
          SYNTHETIC_REPORTER,
          ruleSet.id,
          ruleSet.version,
          cols.occurred,
          cols.created,
          cols.placeKind,
          cols.kind,
          cols.emergency,
          cols.perpetrator,
          cols.perpetrators,
          cols.status,
          cols.category,
          cols.penalty,
          cols.outcome,
          cols.closed,
          narrative,
        ],
      );
      await m.query(
        `INSERT INTO incident_victims (incident_id, position, role, injury)
         SELECT * FROM unnest($1::uuid[], $2::smallint[], $3::text[], $4::text[])`,
        [victims.incident, victims.position, victims.role, victims.injury],
      );
      if (alerts.incident.length)
        await m.query(
          `INSERT INTO alerts (incident_id, police_post_id, priority, created_at, deadline_at, acknowledged_at, status)
           SELECT i, p, 2, c, d, a, s
             FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[], $6::text[])
                  AS t(i, p, c, d, a, s)`,
          [
            alerts.incident,
            alerts.post,
            alerts.created,
            alerts.deadline,
            alerts.acknowledged,
            alerts.status,
          ],
        );
    });
    written += n;
    victimsWritten += victims.incident.length;
    alertsWritten += alerts.incident.length;
    options.progress?.(written);
  }
  return { incidents: written, victims: victimsWritten, alerts: alertsWritten };
}

/** The account synthetic incidents are filed under: deactivated, with no usable password. */
async function ensureReporter(dataSource: DataSource, facilityId: string): Promise<void> {
  await dataSource.query(
    `INSERT INTO users (id, email, password_hash, full_name, role, facility_id, locale, deactivated_at, is_demo)
     VALUES ($1, 'synthetic-reporter@load.medguard.kz', '!', 'Synthetic reporter', 'staff', $2, 'ru', now(), true)
     ON CONFLICT (id) DO NOTHING`,
    [SYNTHETIC_REPORTER, facilityId],
  );
}
