import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AlertNotifier } from '../alerts/alert-notifier';
import { AuditService } from '../audit/audit.service';
import { Caller, UserActor } from '../auth/roles';
import { AppError } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { Incident, IncidentHistory } from '../incidents/incident.entity';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { FieldCipher } from '../privacy/field-cipher';
import { applyReclassification, classifyInEvent } from './event-classification';
import { CountedReport, readVictims, writeCountFlags } from './event-counting';
import { lockWithEvents, withEventLocks } from './event-locks';
import { JoinEventDto, LeaveEventDto } from './events.dto';
import { EventView } from './events.views';
import { readEventView } from './event-view';

type Change = 'event_joined' | 'event_left';
/** What a history entry of a change says beside who, when and why. */
type EntryData = Record<string, string | boolean | string[]>;

/**
 * Joining reports of one attack into an event and taking them out again. Every change recounts
 * the event's distinct victims, keeps the statistics' flags, and classifies each affected report
 * from the event's facts; a category that moves is a reclassification its open alerts follow.
 */
@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentsRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly cipher: FieldCipher,
    private readonly notifier: AlertNotifier,
  ) {}

  async join(caller: Caller<UserActor>, id: string, dto: JoinEventDto): Promise<EventView> {
    if (dto.incidentId === id)
      throw AppError.invalid('incidentId', 'must be another report than this one');
    let posts: string[] = [];
    const view = await withEventLocks(
      (work) => this.dataSource.transaction(work),
      async (m) => {
        await this.requireVisible(m, caller.actor, [id, dto.incidentId]);
        const locked = await lockWithEvents(m, [id, dto.incidentId]);
        const a = locked.find((r) => r.id === id)!;
        const b = locked.find((r) => r.id === dto.incidentId)!;
        if (a.eventId !== null && a.eventId === b.eventId) return this.eventView(m, a);
        const target = await this.targetEvent(m, a, b, caller.actor.id);
        // Locked are the two reports and every report of their events: all end up in the target.
        const joining = locked.filter((r) => r.eventId !== target);
        const dropped = [a.eventId, b.eventId].filter(
          (e): e is string => e !== null && e !== target,
        );
        await m.query(`UPDATE incidents SET event_id = $1 WHERE id = ANY($2::uuid[])`, [
          target,
          joining.map((r) => r.id),
        ]);
        if (dropped.length)
          await m.query(`DELETE FROM incident_events WHERE id = ANY($1::uuid[])`, [dropped]);
        for (const r of joining) r.eventId = target;
        posts = await this.settle(m, caller, locked, 'event_joined', dto.reason ?? null, () => ({
          eventId: target,
          joined: joining.map((j) => j.id),
          incidentIds: locked.map((x) => x.id),
        }));
        return this.eventView(m, a);
      },
    );
    await Promise.all(posts.map((p) => this.notifier.nudge(p)));
    return view;
  }

  async leave(caller: Caller<UserActor>, id: string, dto: LeaveEventDto): Promise<void> {
    let posts: string[] = [];
    await withEventLocks(
      (work) => this.dataSource.transaction(work),
      async (m) => {
        await this.requireVisible(m, caller.actor, [id]);
        const locked = await lockWithEvents(m, [id]);
        const x = locked.find((r) => r.id === id)!;
        if (x.eventId === null) return;
        const eventId = x.eventId;
        const remaining = locked.filter((r) => r.id !== id && r.eventId === eventId);
        const dissolved = remaining.length < 2;
        const leaving = dissolved ? [x, ...remaining] : [x];
        await m.query(`UPDATE incidents SET event_id = NULL WHERE id = ANY($1::uuid[])`, [
          leaving.map((r) => r.id),
        ]);
        for (const r of leaving) r.eventId = null;
        if (dissolved) await m.query(`DELETE FROM incident_events WHERE id = $1`, [eventId]);
        posts = await this.settle(m, caller, locked, 'event_left', dto.reason ?? null, (r) =>
          r === x || remaining.includes(r)
            ? {
                eventId,
                left: id,
                dissolved,
                incidentIds: dissolved ? [] : remaining.map((o) => o.id),
              }
            : null,
        );
      },
    );
    await Promise.all(posts.map((p) => this.notifier.nudge(p)));
  }

  /** 404 for any report the caller may not see, the same as for one that does not exist. */
  private async requireVisible(m: EntityManager, actor: UserActor, ids: string[]): Promise<void> {
    const seen = await this.incidents
      .visibleTo(actor, m)
      .select('i.id')
      .andWhere('i.id IN (:...ids)', { ids })
      .getMany();
    if (seen.length !== new Set(ids).size) throw AppError.notFound('Incident');
  }

  /** The event both end up in: the one either is in (the older of two), or a new one. */
  private async targetEvent(
    m: EntityManager,
    a: Incident,
    b: Incident,
    createdBy: string,
  ): Promise<string> {
    const existing = [a.eventId, b.eventId].filter((e): e is string => e !== null);
    if (existing.length === 0) {
      const [row] = (await m.query(
        `INSERT INTO incident_events (created_by) VALUES ($1) RETURNING id`,
        [createdBy],
      )) as Array<{ id: string }>;
      return row.id;
    }
    const [oldest] = (await m.query(
      `SELECT id FROM incident_events WHERE id = ANY($1::uuid[]) ORDER BY created_at, id LIMIT 1`,
      [existing],
    )) as Array<{ id: string }>;
    return oldest.id;
  }

  /**
   * After a change of membership: history and audit of every affected report, the statistics'
   * flags, and each report's classification from its event's facts. Returns the posts to tell.
   */
  private async settle(
    m: EntityManager,
    caller: Caller<UserActor>,
    locked: Incident[],
    change: Change,
    reason: string | null,
    entry: (r: Incident) => EntryData | null,
  ): Promise<string[]> {
    const actor = { id: caller.actor.id, role: caller.actor.role };
    const affected = locked.filter((r) => entry(r) !== null);
    for (const r of affected) {
      const data = entry(r)!;
      await m.insert(IncidentHistory, {
        incidentId: r.id,
        actorId: actor.id,
        actorRole: actor.role,
        type: change,
        note: reason,
        data,
      });
      await this.audit.record(m, caller, {
        action: `incident.${change}`,
        entityType: 'incident',
        entityId: r.id,
        details: data,
      });
    }
    const reports = await readVictims(m, this.cipher, affected);
    const withFlags = reports.map((r, i) => ({
      ...r,
      eventId: affected[i].eventId,
      countsEvent: affected[i].countsEvent,
    }));
    const counts = await writeCountFlags(m, withFlags);
    const posts = new Set<string>();
    for (const [i, r] of affected.entries()) {
      const count = r.eventId ? counts.get(r.eventId)! : null;
      const members = count ? ordered(withFlags.filter((x) => x.eventId === r.eventId)) : [];
      const moved = await classifyInEvent(m, r, reports[i], count ? { count, members } : null);
      if (!moved) continue;
      const data = { cause: change, eventId: entry(r)!.eventId };
      for (const post of await applyReclassification(
        m,
        moved,
        actor,
        reason,
        data,
        this.config.alerts.deadlineScale,
      ))
        posts.add(post);
      await this.audit.record(m, caller, {
        action: 'incident.reclassified',
        entityType: 'incident',
        entityId: r.id,
        details: { from: moved.from.category, to: moved.to.category, ...data },
      });
    }
    return [...posts];
  }

  /** The event of a report as its response shows it, counted under the report's rule set. */
  private async eventView(m: EntityManager, incident: Incident): Promise<EventView> {
    const view = await readEventView(m, this.cipher, incident.id);
    if (!view) throw new Error('the report is in no event');
    return {
      eventId: view.eventId,
      incidentIds: view.incidentIds,
      distinctMedicalWorkers: view.distinctMedicalWorkers,
    };
  }
}

const ordered = <T extends CountedReport>(reports: T[]) =>
  [...reports].sort(
    (x, y) => x.occurredAt.getTime() - y.occurredAt.getTime() || (x.id < y.id ? -1 : 1),
  );
