import { DataSource } from 'typeorm';
import { ARTICLE_158_1_V1 } from '../src/classification/rule-set-v1';
import { copyText } from './copy-rows';
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

/*
 * Synthetic incidents drawn one at a time as lines of COPY text (tab-separated, `\N` for null).
 * The fields drawn per row are UUIDs, ISO timestamps, numbers and enum words, none of which COPY
 * needs escaped; the constants are escaped once.
 */

export const INCIDENT_COLUMNS = [
  'id',
  'reference',
  'facility_id',
  'reporter_id',
  'occurred_at',
  'created_at',
  'updated_at',
  'place_kind',
  'kind',
  'reported_emergency',
  'during_state_of_emergency',
  'perpetrator_type',
  'perpetrator_count',
  'narrative',
  'status',
  'category',
  'max_penalty',
  'rule_set_id',
  'rule_set_version',
  'classification_reasons',
  'outcome',
  'closed_at',
];
export const VICTIM_COLUMNS = ['incident_id', 'position', 'role', 'injury'];
export const ALERT_COLUMNS = [
  'incident_id',
  'police_post_id',
  'priority',
  'created_at',
  'deadline_at',
  'acknowledged_at',
  'status',
];

/** What every drawn incident refers to: the directory, the months, the rule set. */
export interface SyntheticWorld {
  facilities: Array<{ id: string; type: string; region: string }>;
  /** The region's duty desk, which every incident in the region alerts. */
  desks: Map<string, string>;
  facilityOf: (u: number) => number;
  months: Array<{ start: number; end: number }>;
  monthOf: (u: number) => number;
  ruleSet: { id: string; version: number };
  now: number;
}

/**
 * The directory's facilities weighted by staff and kind of facility (the directory already spreads
 * them by regional population), and `years` of months up to `now` weighted by season, yearly
 * growth and length (the current month is cut an hour before `now`).
 */
export async function loadSyntheticWorld(
  dataSource: DataSource,
  years: number,
  now: Date,
): Promise<SyntheticWorld> {
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
  const months: Array<{ start: number; end: number }> = [];
  const monthWeights: number[] = [];
  const firstYear = now.getUTCFullYear() - years;
  for (let i = 0; i < years * 12; i++) {
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
  const [ruleSet] = (await dataSource.query(
    `SELECT id, version FROM classification_rule_sets WHERE version = 1`,
  )) as Array<{ id: string; version: number }>;
  return {
    facilities,
    desks,
    facilityOf: sampler(
      facilities.map((f) => Math.max(f.staff_count, 10) * (TYPE_FACTOR[f.type] ?? 1)),
    ),
    months,
    monthOf: sampler(monthWeights),
    ruleSet,
    now: now.getTime(),
  };
}

/** Lines of the victims and alerts of the incidents drawn so far, to be copied after them. */
export interface DependentLines {
  victims: string[];
  alerts: string[];
}

/**
 * Draws incident number `index` (1-based, it makes the reference), returns its line and appends
 * its victims' and its alert's lines to `out`. The draws come in a fixed order, so a seed gives
 * the same incidents whatever the chunking.
 */
export function incidentDrawer(
  world: SyntheticWorld,
  rnd: () => number,
  constants: { run: string; reporter: string; narrative: Buffer },
): (index: number, out: DependentLines) => string {
  const { facilities, desks, months, now } = world;
  const penalties = new Map(
    ARTICLE_158_1_V1.categories.map((c) => [c.code, copyText(JSON.stringify(c.maxPenalty))]),
  );
  // Columns that are the same on every row, between `narrative` and `rule_set_version`.
  const narrative = copyText(`\\x${constants.narrative.toString('hex')}`);
  const ruleSet = `${world.ruleSet.id}\t${world.ruleSet.version}`;
  const reasons = copyText('["synthetic"]');
  const prefix = `SYN-${constants.run}-`;
  const iso = (ms: number) => new Date(ms).toISOString();
  return (index, out) => {
    const facility = facilities[world.facilityOf(rnd())];
    const month = months[world.monthOf(rnd())];
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
    const old = now - created > 45 * 86400_000;
    const closed = old && rnd() < 0.7;
    const id = uuidFrom(rnd);
    const createdAt = iso(created);
    const placeKind = ambulance ? 'ambulance_call' : rnd() < 0.6 ? 'admission_department' : 'ward';
    const perpetrator = pick(rnd, PERPETRATORS);
    const perpetrators = rnd() < 0.85 ? 1 : 2;
    const status = closed ? 'closed' : old ? 'investigating' : 'submitted';
    const outcome = closed ? (rnd() < 0.6 ? 'resolved' : 'case_dismissed') : '\\N';
    const closedAt = closed ? iso(created + 20 * 86400_000) : '\\N';
    const em = emergency ? 't' : 'f';
    const line =
      `${id}\t${prefix}${index}\t${facility.id}\t${constants.reporter}\t${iso(occurred)}\t` +
      `${createdAt}\t${createdAt}\t${placeKind}\t${kind}\t${em}\t${em}\t${perpetrator}\t` +
      `${perpetrators}\t${narrative}\t${status}\t${category}\t${penalties.get(category) ?? '{}'}\t` +
      `${ruleSet}\t${reasons}\t${outcome}\t${closedAt}\n`;
    for (let v = 0; v < victimCount; v++) {
      const role = pick(rnd, ambulance ? AMBULANCE_ROLES : HOSPITAL_ROLES);
      const injury = physical ? pick(rnd, INJURIES) : 'none';
      out.victims.push(`${id}\t${v}\t${role}\t${injury}\n`);
    }
    const desk = desks.get(facility.region);
    if (desk) {
      // Log-normal acknowledgement times: median about 3 minutes, a long tail; 5% never acknowledged.
      const acked = rnd() < 0.95;
      const seconds = Math.exp(Math.log(180) + 0.9 * gaussian(rnd));
      out.alerts.push(
        `${id}\t${desk}\t2\t${createdAt}\t${iso(created + 5 * 60_000)}\t` +
          `${acked ? iso(created + seconds * 1000) : '\\N'}\t${acked ? 'acknowledged' : 'delivered'}\n`,
      );
    }
    return line;
  };
}

const INJURIES: Array<[string, number]> = [
  ['minor', 0.6],
  ['moderate', 0.3],
  ['severe', 0.1],
];
