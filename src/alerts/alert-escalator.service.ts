import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RuleSetDefinition } from '../classification/rule-set.types';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { planEscalation } from './alert-plan';
import { AlertMetrics } from './alert-metrics';
import { AlertNotifier } from './alert-notifier';
import { AlertRelay } from './alert-relay.service';
import { appendConsoleEvents, ConsoleEventRow, raiseAlerts } from './alert-writes';
import type { AlertStatus } from './alert.entity';

/** Why an alert is escalated: its deadline passed, or its post cannot be reached at all. */
export type EscalationCause = 'deadline' | 'undeliverable';

/**
 * Escalates an alert nobody acknowledged in time (or that could not be delivered) one rung up
 * the ladder, under the alert's row lock, so that a job, the sweep and a second worker can all
 * ask at once and it happens once.
 */
@Injectable()
export class AlertEscalator {
  private readonly logger = new Logger(AlertEscalator.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: AlertRelay,
    private readonly metrics: AlertMetrics,
    private readonly notifier: AlertNotifier,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Returns where the alert went, or null when it was acknowledged or escalated meanwhile, its
   * incident was taken up, its deadline moved later (a reclassification; a job for the new
   * deadline is waiting), or there is no one further up.
   */
  async escalate(
    alertId: string,
    cause: EscalationCause,
  ): Promise<{ postId: string; alertId: string; joined: boolean } | null> {
    const now = this.clock.now();
    const next = await this.dataSource.transaction(async (m) => {
      const [alert] = (await m.query(
        `SELECT a.id, a.incident_id, a.sos_id, a.police_post_id, a.escalation_level, a.status, a.deadline_at,
                i.status AS incident_status, s.status AS sos_status, i.category, f.region_id, r.definition
           FROM alerts a LEFT JOIN incidents i ON i.id = a.incident_id LEFT JOIN sos s ON s.id = a.sos_id
           JOIN facilities f ON f.id = coalesce(i.facility_id, s.facility_id)
           JOIN classification_rule_sets r ON r.id = coalesce(i.rule_set_id,
             (SELECT id FROM classification_rule_sets WHERE effective_from <= s.created_at
               ORDER BY effective_from DESC LIMIT 1))
          WHERE a.id = $1 FOR UPDATE OF a`,
        [alertId],
      )) as Array<{
        id: string;
        incident_id: string | null;
        sos_id: string | null;
        police_post_id: string;
        escalation_level: number;
        status: AlertStatus;
        deadline_at: Date;
        incident_status: string | null;
        sos_status: string | null;
        category: string | null;
        region_id: string;
        definition: RuleSetDefinition;
      }>;
      if (
        !alert ||
        alert.status === 'acknowledged' ||
        alert.status === 'escalated' ||
        // An SOS nobody has reported on yet escalates until someone acknowledges it, or until
        // its facility's admin closes it.
        (alert.incident_id !== null && alert.incident_status !== 'submitted') ||
        (alert.incident_id === null && alert.sos_status !== 'open') ||
        (cause === 'deadline' && alert.deadline_at.getTime() > now.getTime())
      )
        return null;
      const [ladder] = (await m.query(
        `SELECT (SELECT json_agg(json_build_object('postId', police_post_id, 'alertId', id))
                   FROM alerts WHERE incident_id = $1 OR ($1::uuid IS NULL AND sos_id = $3)) AS alerted,
                (SELECT id FROM police_posts WHERE kind = 'duty_desk' AND region_id = $2) AS region_desk,
                (SELECT id FROM police_posts WHERE kind = 'duty_desk' AND region_id IS NULL) AS national_desk`,
        [alert.incident_id, alert.region_id, alert.sos_id],
      )) as Array<{
        alerted: Array<{ postId: string; alertId: string }>;
        region_desk: string | null;
        national_desk: string | null;
      }>;
      const plan = planEscalation(
        {
          postId: alert.police_post_id,
          level: alert.escalation_level,
          alerted: ladder.alerted,
          regionDutyDesk: ladder.region_desk,
          nationalDesk: ladder.national_desk,
        },
        alert.definition,
        alert.category,
        now,
        this.config.alerts.deadlineScale,
      );
      if (plan.kind === 'end') return null;
      const to = plan.kind === 'raise' ? plan.alert.postId : plan.postId;
      await m.query(
        `UPDATE alerts SET status = 'escalated', escalated_at = $2, escalated_to_post_id = $3 WHERE id = $1`,
        [alert.id, now, to],
      );
      // The post the alert leaves is told where it went.
      const left: ConsoleEventRow = {
        postId: alert.police_post_id,
        alertId: alert.id,
        type: 'escalated',
        data: { cause },
      };
      if (plan.kind === 'join') {
        await appendConsoleEvents(m, [left]);
        return { from: alert.police_post_id, postId: to, alertId: plan.alertId, joined: true };
      }
      const [raised] = await raiseAlerts(
        m,
        { incidentId: alert.incident_id, sosId: alert.sos_id },
        [{ ...plan.alert, parentAlertId: alert.id }],
        [left],
      );
      return { from: alert.police_post_id, postId: to, alertId: raised.id, joined: false };
    });
    if (!next) return null;
    await this.notifier.nudge(next.from);
    this.metrics.escalated();
    this.logger.warn({
      msg: 'alert escalated',
      alertId,
      cause,
      toAlertId: next.alertId,
      postId: next.postId,
      joined: next.joined,
    });
    // The relay queues the new alert's delivery and nudges the desk's consoles.
    if (!next.joined) this.relay.wake();
    return { postId: next.postId, alertId: next.alertId, joined: next.joined };
  }
}
