import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller, Role, UserActor } from '../auth/roles';
import { AppError } from '../common/app-error';
import { Page } from '../common/pagination';
import { IncidentStatus } from '../incidents/incident-status';
import { IncidentWorkflowService } from '../incidents/incident-workflow.service';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { AlertEventsHub } from './alert-events.hub';
import { AlertNotifier } from './alert-notifier';
import { alertView, AlertView, AlertsRepository } from './alerts.repository';

/** Catch-up for consoles whose Redis nudge was lost: they re-read their events this often. */
const CONSOLE_POLL_MS = 5000;
const HEARTBEAT_MS = 15000;

export interface ConsoleEvent {
  id?: string;
  type: string;
  data: unknown;
}

@Injectable()
export class AlertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly alerts: AlertsRepository,
    private readonly incidents: IncidentsRepository,
    private readonly workflow: IncidentWorkflowService,
    private readonly hub: AlertEventsHub,
    private readonly notifier: AlertNotifier,
    private readonly audit: AuditService,
  ) {}

  /** An officer's post's alerts (an admin's: all), newest first. */
  async list(
    actor: UserActor,
    query: { status?: string; limit?: number; cursor?: string },
  ): Promise<Page<AlertView>> {
    const postId = actor.role === Role.Admin ? null : actor.policePostId;
    const limit = query.limit ?? 50;
    const { rows, more } = await this.alerts.list(postId, query.status, limit, query.cursor);
    const items = rows.map(alertView);
    return { items, nextCursor: more ? items[items.length - 1].id : null };
  }

  /** Idempotent: acknowledging twice changes nothing. Another post's alert is a 404. */
  async acknowledge(caller: Caller<UserActor>, alertId: string): Promise<AlertView> {
    const postId = caller.actor.policePostId;
    const changed = await this.dataSource.transaction(async (m) => {
      const [alert] = (await m.query(
        `SELECT id, incident_id, acknowledged_at FROM alerts WHERE id = $1 AND police_post_id = $2 FOR UPDATE`,
        [alertId, postId],
      )) as Array<{ id: string; incident_id: string; acknowledged_at: Date | null }>;
      if (!alert) throw AppError.notFound('Alert');
      if (alert.acknowledged_at) return false;
      await m.query(
        `UPDATE alerts SET status = 'acknowledged', acknowledged_at = now(), acknowledged_by = $2 WHERE id = $1`,
        [alertId, caller.actor.id],
      );
      await m.query(
        `INSERT INTO alert_events (police_post_id, alert_id, type) VALUES ($1, $2, 'acknowledged')`,
        [postId, alertId],
      );
      const incident = await this.incidents.findVisible(caller.actor, alert.incident_id, m, true);
      if (incident.status === IncidentStatus.Submitted) {
        await this.workflow.applyStatus(
          m,
          incident,
          { status: IncidentStatus.Acknowledged, note: 'Alert acknowledged by the police post' },
          caller,
        );
      }
      await this.audit.record(m, caller, {
        action: 'alert.acknowledged',
        entityType: 'alert',
        entityId: alertId,
      });
      return true;
    });
    if (changed && postId) await this.notifier.nudge(postId);
    const view = await this.alerts.find(alertId, postId);
    if (!view) throw AppError.notFound('Alert');
    return view;
  }

  /**
   * The live console: every new event of the post, each with its event id. With `Last-Event-ID`
   * the events missed since are sent first, from the database.
   */
  stream(actor: UserActor, lastEventId: string | undefined): Observable<ConsoleEvent> {
    const postId = actor.policePostId;
    if (!postId) throw AppError.forbidden('Only officers of a police post have a console');
    return new Observable<ConsoleEvent>((subscriber) => {
      let last: string | null = lastEventId && /^\d{1,18}$/.test(lastEventId) ? lastEventId : null;
      let running: Promise<void> | null = null;
      let again = false;
      const flush = () => {
        if (running) {
          again = true;
          return;
        }
        running = (async () => {
          if (last === null) last = await this.alerts.latestEventId(postId);
          for (const event of await this.alerts.eventsAfter(postId, last)) {
            subscriber.next({ id: event.eventId, type: event.type, data: event.alert });
            last = event.eventId;
          }
        })()
          .catch(() => undefined)
          .finally(() => {
            running = null;
            if (again) {
              again = false;
              flush();
            }
          });
      };
      const unsubscribe = this.hub.subscribe(postId, flush);
      const poll = setInterval(flush, CONSOLE_POLL_MS);
      const heartbeat = setInterval(
        () => subscriber.next({ type: 'ping', data: {} }),
        HEARTBEAT_MS,
      );
      flush();
      return () => {
        unsubscribe();
        clearInterval(poll);
        clearInterval(heartbeat);
      };
    });
  }
}
