import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ReadAudit } from '../audit/read-audit';
import { Caller, Role, UserActor } from '../auth/roles';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { PushJobs } from '../push/push-jobs';
import { IncidentStatus } from '../incidents/incident-status';
import { IncidentWorkflowService } from '../incidents/incident-workflow.service';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { AlertEventsHub } from './alert-events.hub';
import { AlertNotifier } from './alert-notifier';
import { AlertPage, AlertView } from './alert.views';
import { appendConsoleEvents } from './alert-writes';
import { AlertsRepository } from './alerts.repository';

/** Catch-up for consoles whose Redis nudge was lost: they re-read their events this often. */
const CONSOLE_POLL_MS = 5000;
const HEARTBEAT_MS = 15000;
const EVENT_BATCH = 500;

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
    private readonly clock: Clock,
    private readonly pushJobs: PushJobs,
    private readonly reads: ReadAudit,
  ) {}

  /**
   * An officer's post's alerts (an admin's: all), newest first. For an officer it also says where
   * the console stream stands (`streamPosition`, read before the list): a console that opens the
   * stream from there misses nothing committed after the list was read.
   */
  async list(
    caller: Caller<UserActor>,
    query: { status?: string; limit?: number; cursor?: string },
  ): Promise<AlertPage> {
    const actor = caller.actor;
    const postId = actor.role === Role.Admin ? null : actor.policePostId;
    const streamPosition = postId ? await this.alerts.lastPosition(postId) : undefined;
    const limit = query.limit ?? 50;
    const { views: items, more } = await this.alerts.list(
      postId,
      query.status,
      limit,
      query.cursor,
    );
    // Alerts carry the place's address and an SOS's location: the page is a read of them.
    await this.reads.recordIfAny(caller, alertsRead('alerts', items));
    return { items, nextCursor: more ? items[items.length - 1].id : null, streamPosition };
  }

  /**
   * Idempotent: acknowledging twice changes nothing. Another post's alert is a 404. Locks the
   * incident before its alert, in the same order as a reclassification, so the two never deadlock.
   */
  async acknowledge(caller: Caller<UserActor>, alertId: string): Promise<AlertView> {
    const postId = caller.actor.policePostId;
    // The reporter hears of every acknowledgement of her report, whether or not it moved the status.
    let reported: string | null = null;
    const changed = await this.dataSource.transaction(async (m) => {
      const [owner] = (await m.query(
        `SELECT incident_id FROM alerts WHERE id = $1 AND police_post_id = $2`,
        [alertId, postId],
      )) as Array<{ incident_id: string | null }>;
      if (!owner) throw AppError.notFound('Alert');
      // An SOS alert before its report has no incident to take up: the post's own alert is enough.
      const incident = owner.incident_id
        ? await this.incidents.findVisible(caller.actor, owner.incident_id, m, true)
        : null;
      const [alert] = (await m.query(
        `SELECT acknowledged_at FROM alerts WHERE id = $1 FOR UPDATE`,
        [alertId],
      )) as Array<{ acknowledged_at: Date | null }>;
      if (alert.acknowledged_at) return false;
      await m.query(
        `UPDATE alerts SET status = 'acknowledged', acknowledged_at = $3, acknowledged_by = $2 WHERE id = $1`,
        [alertId, caller.actor.id, this.clock.now()],
      );
      await appendConsoleEvents(m, [{ postId: postId!, alertId, type: 'acknowledged' }]);
      if (incident?.status === IncidentStatus.Submitted) {
        await this.workflow.applyStatus(
          m,
          incident,
          { status: IncidentStatus.Acknowledged, note: 'Alert acknowledged by the police post' },
          caller,
        );
      }
      reported = incident?.id ?? null;
      await this.audit.record(m, caller, {
        action: 'alert.acknowledged',
        entityType: 'alert',
        entityId: alertId,
      });
      return true;
    });
    if (changed && postId) await this.notifier.nudge(postId);
    if (changed && reported) await this.pushJobs.incidentUpdated(reported);
    const view = await this.alerts.find(alertId, postId);
    if (!view) throw AppError.notFound('Alert');
    return view;
  }

  /**
   * The live console: every new event of the post, each with its event id — the event's position
   * in the post's commit order — so resuming after the last id seen misses nothing and repeats
   * nothing. With `Last-Event-ID` (or `?lastEventId=` on a first connection) the events missed
   * since are sent first, from the database; an id beyond the post's last event counts as the
   * last event.
   */
  stream(caller: Caller<UserActor>, lastEventId: string | undefined): Observable<ConsoleEvent> {
    const actor = caller.actor;
    const postId = actor.policePostId;
    if (!postId) throw AppError.forbidden('Only officers of a police post have a console');
    return new Observable<ConsoleEvent>((subscriber) => {
      let last: bigint | null =
        lastEventId && /^\d{1,18}$/.test(lastEventId) ? BigInt(lastEventId) : null;
      let running: Promise<void> | null = null;
      let again = false;
      const flush = () => {
        if (running) {
          again = true;
          return;
        }
        running = (async () => {
          const newest = BigInt(await this.alerts.lastPosition(postId));
          if (last === null || last > newest) last = newest;
          for (;;) {
            const events = await this.alerts.eventsAfter(postId, String(last), EVENT_BATCH);
            // A console that has gone reads nothing more.
            if (subscriber.closed) return;
            // Recorded before anything is sent: a batch the audit log cannot take is sent later.
            await this.reads.recordIfAny(
              caller,
              alertsRead(
                'console',
                events.map((e) => e.alert),
              ),
            );
            for (const event of events) {
              subscriber.next({ id: event.position, type: event.type, data: event.alert });
              last = BigInt(event.position);
            }
            if (events.length < EVENT_BATCH) break;
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

/** The reports and SOS a page or a batch of console events carried, for the audit log. */
function alertsRead(kind: 'alerts' | 'console', alerts: AlertView[]) {
  return {
    kind,
    entityType: 'alert',
    incidentIds: alerts.flatMap((a) => (a.incidentId ? [a.incidentId] : [])),
    details: {
      sosIds: [...new Set(alerts.flatMap((a) => (a.sosId && !a.incidentId ? [a.sosId] : [])))],
    },
  } as const;
}
