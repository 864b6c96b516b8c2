import { randomBytes } from 'node:crypto';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { dataKeysFromEnv } from '../src/config/app-config';
import { FieldCipher } from '../src/privacy/field-cipher';
import { StatisticsRollups } from '../src/statistics/rollups.service';
import { readyForBulkLoad } from './bulk-load';
import { copyInto, joined } from './copy-rows';
import { seededRandom, seedId } from './seed-ids';
import {
  ALERT_COLUMNS,
  DependentLines,
  INCIDENT_COLUMNS,
  incidentDrawer,
  loadSyntheticWorld,
  VICTIM_COLUMNS,
} from './synthetic-rows';

export interface SyntheticOptions {
  incidents: number;
  years: number;
  /** Incidents per round of COPY statements (one each into incidents, victims and alerts). */
  batch?: number;
  /** Fixes the random sequence; the default differs between runs. */
  seed?: number;
  /** Where the years end (an hour before it); now unless given. With `seed`, fixes every draw. */
  now?: Date;
  /**
   * How the statistics rollups come to count the new rows.
   * - `triggers`: as a report's, the statistics triggers turn each round into deltas for the
   *   fold, and the tables stay as they are, readable throughout.
   * - `rebuild`: a bulk load, several times faster: the rows go in with the statistics triggers
   *   off, the secondary indexes built again at the end and, where the role may, no foreign-key
   *   checks (see `readyForBulkLoad`); the tables cannot be read until it commits. The rollups
   *   are then rebuilt once from the tables, which recounts every report.
   */
  rollups: 'triggers' | 'rebuild';
  /** Called after each round with the incidents written so far, then as each closing step ends. */
  progress?: (written: number, step: 'rows' | 'indexes' | 'rollups') => void;
}

export const SYNTHETIC_REPORTER = seedId('user:synthetic-reporter');

const SEEDED_TABLES = ['incidents', 'incident_victims', 'alerts'];
/** Rows per write to the COPY stream: half a megabyte or so of incidents. */
const LINES_PER_WRITE = 1000;
/** The statistics triggers a seed with `rollups: 'rebuild'` writes without. */
const STATISTICS_INSERT_TRIGGERS = [
  { table: 'incidents', trigger: 'stats_incidents_inserted' },
  { table: 'incident_victims', trigger: 'stats_victims_inserted' },
  { table: 'incident_victims', trigger: 'stats_support_victims_inserted' },
  { table: 'alerts', trigger: 'stats_alerts_inserted' },
];

/**
 * Years of synthetic incidents over the whole directory, for load and statistics tests: spread
 * over facilities by staff, kind of facility and regional population; over months by season and a
 * yearly growth; with victims, and an alert to the region's duty desk, mostly acknowledged within
 * minutes. Streamed with COPY in rounds of `batch` incidents, in one transaction, drawing rows only
 * as fast as the database takes them.
 */
export async function seedSyntheticIncidents(
  dataSource: DataSource,
  options: SyntheticOptions,
): Promise<{ incidents: number; victims: number; alerts: number }> {
  const rnd = seededRandom(options.seed ?? randomBytes(4).readUInt32LE(0));
  const world = await loadSyntheticWorld(dataSource, options.years, options.now ?? new Date());
  await ensureReporter(dataSource, world.facilities[0].id);
  const draw = incidentDrawer(world, rnd, {
    run: randomBytes(3).toString('hex'),
    reporter: SYNTHETIC_REPORTER,
    // One encrypted narrative for every synthetic row: it says nothing about anyone.
    narrative: new FieldCipher(dataKeysFromEnv()).seal(
      'incidents.narrative',
      'Synthetic incident for load and statistics tests.',
    ),
  });
  const batch = options.batch ?? 50_000;
  const written = { incidents: 0, victims: 0, alerts: 0 };

  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  try {
    await runner.startTransaction();
    const bulk =
      options.rollups === 'rebuild'
        ? await readyForBulkLoad(client, SEEDED_TABLES, STATISTICS_INSERT_TRIGGERS)
        : null;
    while (written.incidents < options.incidents) {
      const n = Math.min(batch, options.incidents - written.incidents);
      const round = await copyRound(client, draw, written.incidents + 1, n);
      written.incidents += round.incidents;
      written.victims += round.victims;
      written.alerts += round.alerts;
      options.progress?.(written.incidents, 'rows');
    }
    if (bulk) {
      await bulk.restore();
      options.progress?.(written.incidents, 'indexes');
    }
    await runner.commitTransaction();
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
  if (options.rollups === 'rebuild') {
    await new StatisticsRollups(dataSource).rebuild();
    options.progress?.(written.incidents, 'rollups');
  }
  return written;
}

/**
 * Incidents `first` to `first + n - 1`, drawn as COPY takes them, then their victims and their
 * alerts (which must follow the incidents they refer to).
 */
async function copyRound(
  client: PoolClient,
  draw: ReturnType<typeof incidentDrawer>,
  first: number,
  n: number,
): Promise<{ incidents: number; victims: number; alerts: number }> {
  const dependent: DependentLines = { victims: [], alerts: [] };
  function* incidents(): Generator<string> {
    for (let start = 0; start < n; start += LINES_PER_WRITE) {
      let text = '';
      for (let k = start; k < Math.min(start + LINES_PER_WRITE, n); k++)
        text += draw(first + k, dependent);
      yield text;
    }
  }
  return {
    incidents: await copyInto(client, 'incidents', INCIDENT_COLUMNS, incidents()),
    victims: await copyInto(
      client,
      'incident_victims',
      VICTIM_COLUMNS,
      joined(dependent.victims, LINES_PER_WRITE),
    ),
    alerts: dependent.alerts.length
      ? await copyInto(client, 'alerts', ALERT_COLUMNS, joined(dependent.alerts, LINES_PER_WRITE))
      : 0,
  };
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
