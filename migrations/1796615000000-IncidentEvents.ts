import { MigrationInterface, QueryRunner } from 'typeorm';
import { allowHistoryType, disallowHistoryType } from './support/history-types';

/**
 * Events: several reports of one attack joined together. A report belongs to at most one event.
 *
 * Two flags say what the statistics count, kept by the event's counting whenever a report joins
 * or leaves:
 * - `incidents.counts_event`: true for a report in no event and for the earliest report of an
 *   event (ties by id), so that counting these counts every event once, in its earliest month;
 * - `incident_victims.counted`: false for a victim entry naming a person another entry of the same
 *   event already counts (same account, or same role and name), so that counting the true ones
 *   counts distinct persons.
 * Both default to true, which is what every report in no event is; existing data needs no backfill.
 */
export class IncidentEvents1796615000000 implements MigrationInterface {
  name = 'IncidentEvents1796615000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incident_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid REFERENCES users(id) ON DELETE SET NULL
      )`);
    await q.query(`
      ALTER TABLE incidents
        ADD COLUMN event_id uuid REFERENCES incident_events(id) ON DELETE SET NULL,
        ADD COLUMN counts_event boolean NOT NULL DEFAULT true`);
    await q.query(
      `CREATE INDEX incidents_event_idx ON incidents (event_id) WHERE event_id IS NOT NULL`,
    );
    await q.query(`ALTER TABLE incident_victims ADD COLUMN counted boolean NOT NULL DEFAULT true`);
    await allowHistoryType(q, 'event_joined');
    await allowHistoryType(q, 'event_left');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM incident_history WHERE type IN ('event_joined', 'event_left')`);
    await disallowHistoryType(q, 'event_left');
    await disallowHistoryType(q, 'event_joined');
    await q.query(`ALTER TABLE incident_victims DROP COLUMN counted`);
    await q.query(`ALTER TABLE incidents DROP COLUMN counts_event, DROP COLUMN event_id`);
    await q.query(`DROP TABLE incident_events`);
  }
}
