import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { REBUILD_STATISTICS_SQL } from '../../migrations/1796620000000-EventStatistics';
import { REBUILD_ALERT_STATISTICS_SQL } from '../../migrations/1796400000000-AlertStatistics';
import { REBUILD_SUPPORT_STATISTICS_SQL } from '../../migrations/1796645000000-SupportStatistics';

/** Serialises folding and rebuilding; readers never take it. */
export const STATS_LOCK = 7_158_001;
/** A rebuild tries the lock every 100 ms for up to a minute (a fold takes milliseconds). */
const REBUILD_ATTEMPTS = 600;
/** A fold committed after the rebuild's snapshot: a serialization failure or a unique violation. */
const RACED_A_FOLD = new Set(['40001', '23505']);

/**
 * The monthly rollups: database triggers append deltas as incidents change (see the Statistics
 * migration); this folds them in and, on request, rebuilds everything from the source tables.
 */
@Injectable()
export class StatisticsRollups {
  private readonly logger = new Logger(StatisticsRollups.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Moves the pending deltas into the rollups, and recomputes the regional rollups of the months
   * it touched and of those marked stale by a facility's move; skipped while a rebuild runs.
   */
  async fold(): Promise<{
    incidents: number;
    victims: number;
    alerts: number;
    support: number;
    regionalMonths: number;
  } | null> {
    return this.dataSource.transaction(async (m) => {
      const [{ locked }] = (await m.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [
        STATS_LOCK,
      ])) as Array<{ locked: boolean }>;
      if (!locked) return null;
      // No facility changes region or type while this reads the facilities (see the
      // RegionalStatistics migration); a move waits for the fold, and the fold for a move.
      await m.query(`LOCK TABLE facilities IN SHARE MODE`);
      const incidents = (await m.query(`
        WITH d AS (DELETE FROM stats_incident_deltas
                    RETURNING month, facility_id, category, perpetrator_type, incidents, events, with_footage)
        INSERT INTO stats_incidents_monthly AS t (month, facility_id, category, perpetrator_type, incidents, events, with_footage)
        SELECT month, facility_id, category, perpetrator_type, sum(incidents), sum(events), sum(with_footage)
          FROM d GROUP BY 1, 2, 3, 4
        ON CONFLICT (month, facility_id, category, perpetrator_type) DO UPDATE
          SET incidents = t.incidents + excluded.incidents,
              events = t.events + excluded.events,
              with_footage = t.with_footage + excluded.with_footage
        RETURNING 1`)) as unknown[];
      const victims = (await m.query(`
        WITH d AS (DELETE FROM stats_victim_deltas
                    RETURNING month, facility_id, category, victim_role, victims)
        INSERT INTO stats_victims_monthly AS t (month, facility_id, category, victim_role, victims)
        SELECT month, facility_id, category, victim_role, sum(victims)
          FROM d GROUP BY 1, 2, 3, 4
        ON CONFLICT (month, facility_id, category, victim_role) DO UPDATE
          SET victims = t.victims + excluded.victims
        RETURNING 1`)) as unknown[];
      const alerts = (await m.query(`
        WITH d AS (DELETE FROM stats_alert_deltas
                    RETURNING month, facility_id, alerts, acknowledged_in_time, acknowledged_late,
                              never_acknowledged, escalated)
        INSERT INTO stats_alerts_monthly AS t (month, facility_id, alerts, acknowledged_in_time,
                                               acknowledged_late, never_acknowledged, escalated)
        SELECT month, facility_id, sum(alerts), sum(acknowledged_in_time), sum(acknowledged_late),
               sum(never_acknowledged), sum(escalated)
          FROM d GROUP BY 1, 2
        ON CONFLICT (month, facility_id) DO UPDATE
          SET alerts = t.alerts + excluded.alerts,
              acknowledged_in_time = t.acknowledged_in_time + excluded.acknowledged_in_time,
              acknowledged_late = t.acknowledged_late + excluded.acknowledged_late,
              never_acknowledged = t.never_acknowledged + excluded.never_acknowledged,
              escalated = t.escalated + excluded.escalated
        RETURNING 1`)) as unknown[];
      const support = (await m.query(`
        WITH d AS (DELETE FROM stats_support_deltas RETURNING month, facility_id, victims, offered, completed)
        INSERT INTO stats_support_monthly AS t (month, facility_id, victims, offered, completed)
        SELECT month, facility_id, sum(victims), sum(offered), sum(completed)
          FROM d GROUP BY 1, 2
        ON CONFLICT (month, facility_id) DO UPDATE
          SET victims = t.victims + excluded.victims,
              offered = t.offered + excluded.offered,
              completed = t.completed + excluded.completed
        RETURNING 1`)) as unknown[];
      // The months the folds above wrote, and those a facility's move marked. A SELECT, so that
      // the driver answers rows (a bare DELETE answers rows and a count).
      const months = (
        (await m.query(
          `WITH d AS (DELETE FROM stats_regional_stale RETURNING month) SELECT month::text AS month FROM d`,
        )) as Array<{ month: string }>
      ).map((r) => r.month);
      if (months.length > 0) await m.query(`SELECT stats_refresh_regional($1::date[])`, [months]);
      return {
        incidents: incidents.length,
        victims: victims.length,
        alerts: alerts.length,
        support: support.length,
        regionalMonths: months.length,
      };
    });
  }

  /**
   * Recomputes every rollup from incidents (with their event flags), victims (those counted, and
   * all with their support items), footage links and alerts. It holds the fold lock for the whole run and works on one snapshot:
   * deltas written by reports that commit while it runs are outside that snapshot, so they stay
   * and are folded in afterwards — nothing is lost or counted twice, and reporting never waits for
   * the rebuild. The lock is the transaction's own, so a connection pooler in transaction mode
   * cannot leave it held on another connection; it is tried rather than waited for, so the
   * snapshot is never older than the lock. A fold committing in the instant between the two makes
   * the rebuild's deletes fail rather than miscount, and the rebuild runs again. It holds a share
   * lock on the facilities throughout, so a facility's change of region or type waits for it.
   */
  async rebuild(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const done = await this.dataSource
        .transaction('REPEATABLE READ', async (m) => {
          // Before the snapshot (a lock is not a query): moves committed earlier are in it, and
          // none commits until the rebuild has, so its regional rows are final.
          await m.query(`LOCK TABLE facilities IN SHARE MODE`);
          const [{ locked }] = (await m.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [
            STATS_LOCK,
          ])) as Array<{ locked: boolean }>;
          if (!locked) return false;
          await m.query(REBUILD_STATISTICS_SQL);
          await m.query(REBUILD_ALERT_STATISTICS_SQL);
          await m.query(REBUILD_SUPPORT_STATISTICS_SQL);
          await m.query(`DELETE FROM stats_regional_stale`);
          await m.query(`SELECT stats_refresh_regional(NULL)`);
          return true;
        })
        .catch((error: { code?: string }) => {
          if (attempt < REBUILD_ATTEMPTS && RACED_A_FOLD.has(error.code ?? '')) return false;
          throw error;
        });
      if (done) break;
      if (attempt >= REBUILD_ATTEMPTS)
        throw new Error('statistics rebuild: the fold lock stayed held');
      await new Promise((r) => setTimeout(r, 100));
    }
    this.logger.log({ msg: 'statistics rebuilt' });
  }
}
