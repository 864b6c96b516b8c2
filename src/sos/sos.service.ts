import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AlertNotifier } from '../alerts/alert-notifier';
import { planSosAlerts } from '../alerts/alert-plan';
import { appendConsoleEvents, raiseAlerts } from '../alerts/alert-writes';
import { AuditService } from '../audit/audit.service';
import { Caller, Role, UserActor } from '../auth/roles';
import { noRuleSetAt } from '../classification/rule-sets.service';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { Page, paginate } from '../common/pagination';
import { AppConfig } from '../config/app-config';
import { FieldCipher } from '../privacy/field-cipher';
import { UnitKind } from '../directory/directory.types';
import { IdempotencyService, Outcome } from '../incidents/idempotency.service';
import { CloseSosDto, CreateSosDto, SosQuery } from './sos.dto';
import { Sos } from './sos.entity';
import { alertsOfSos, findSos, insertSos, placeKindOf, readSosContext } from './sos.queries';
import { sosFromRow, sosView } from './sos-view';
import { SosView } from './sos.views';

/**
 * A second tap from the same account for the same facility within this window answers the SOS
 * already open instead of alerting the posts again: a frightened person taps more than once, and
 * the police should hear one SOS, at once, never be refused.
 */
export const REPEAT_WINDOW_MS = 2 * 60_000;
/** Retries of one tap (the service worker's) wait this long for the first to finish. */
const WAIT_FOR_FIRST_MS = 15_000;

@Injectable()
export class SosService {
  private readonly logger = new Logger(SosService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyService,
    private readonly audit: AuditService,
    private readonly notifier: AlertNotifier,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly cipher: FieldCipher,
  ) {}

  /** The SOS, its alerts, its outbox entries and console events commit together or not at all. */
  create(
    dto: CreateSosDto,
    caller: Caller<UserActor>,
    idempotencyKey?: string,
  ): Promise<Outcome<SosView>> {
    const actor = caller.actor;
    return this.idempotency.execute(
      actor.id,
      idempotencyKey,
      { sos: dto },
      async (m) => {
        const now = this.clock.now();
        const context = await readSosContext(m, dto.facilityId, dto.unitId ?? null, now);
        if (!context)
          throw AppError.invalid('facilityId', 'is not a known facility', 'unknown_facility');
        if (actor.facilityId !== dto.facilityId)
          throw new AppError(
            ErrorCode.Forbidden,
            'You may send an SOS only from your own facility',
            [{ field: 'facilityId', message: 'is not your facility', code: 'not_allowed' }],
          );
        if (dto.unitId && !context.unitFound)
          throw AppError.invalid('unitId', 'is not a known unit', 'unknown_unit');
        if (dto.unitId && context.unitFacilityId !== dto.facilityId)
          throw AppError.invalid('unitId', 'belongs to another facility', 'unit_of_other_facility');
        if (!context.definition) throw noRuleSetAt();

        // One account's taps one after another, so a burst of them finds the first.
        await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`sos:${actor.id}`]);
        const [open] = (await m.query(
          `SELECT * FROM sos WHERE reporter_id = $1 AND facility_id = $2 AND status = 'open'
              AND created_at > $3 ORDER BY created_at DESC LIMIT 1`,
          [actor.id, dto.facilityId, new Date(now.getTime() - REPEAT_WINDOW_MS)],
        )) as Parameters<typeof sosFromRow>[0][];
        if (open) {
          const alerts = await alertsOfSos(m, [open.id]);
          return { status: 200, body: sosView(sosFromRow(open), alerts, this.cipher) };
        }

        const plan = planSosAlerts(
          { ...context, ambulanceTeam: context.unitKind === UnitKind.AmbulanceTeam },
          context.definition,
          now,
          this.config.alerts.deadlineScale,
        );
        if (plan.via === 'national_desk' || plan.via === 'none')
          this.logger.warn({
            msg: 'no post or regional duty desk covers the SOS',
            facilityId: dto.facilityId,
            via: plan.via,
          });
        const row = await insertSos(m, {
          facilityId: dto.facilityId,
          unitId: dto.unitId ?? null,
          reporterId: actor.id,
          placeKind: placeKindOf(context.unitKind),
          lat: this.cipher.sealNumber('sos.lat', dto.lat),
          lon: this.cipher.sealNumber('sos.lon', dto.lon),
          accuracyM: this.cipher.sealNumber('sos.accuracy_m', dto.accuracyM),
          locationSource: dto.locationSource ?? 'device',
          createdAt: now,
        });
        await this.audit.record(m, caller, {
          action: 'sos.created',
          entityType: 'sos',
          entityId: row.id,
          details: { reference: row.reference, routedVia: plan.via, alerts: plan.alerts.length },
        });
        const raised = await raiseAlerts(m, { incidentId: null, sosId: row.id }, plan.alerts);
        return {
          status: 201,
          body: sosView(
            sosFromRow(row),
            raised.map((a) => ({
              id: a.id,
              police_post_id: a.policePostId,
              status: a.status,
              priority: a.priority,
              escalation_level: a.escalationLevel,
            })),
            this.cipher,
          ),
        };
      },
      { waitForFirstMs: WAIT_FOR_FIRST_MS },
    );
  }

  /** Staff see the SOS they sent; a facility's admin its facility's; admins every one. Newest first. */
  async list(actor: UserActor, query: SosQuery): Promise<Page<SosView>> {
    const qb = this.dataSource.getRepository(Sos).createQueryBuilder('s');
    if (actor.role === Role.Staff) qb.andWhere('s.reporter_id = :me', { me: actor.id });
    else if (actor.role === Role.FacilityAdmin)
      qb.andWhere('s.facility_id = :facility', { facility: actor.facilityId });
    else if (actor.role !== Role.Admin) qb.andWhere('false');
    if (query.status) qb.andWhere('s.status = :status', { status: query.status });
    const page = await paginate(qb, query, {
      column: 'created_at',
      valueOf: (s) => s.createdAt.toISOString(),
      direction: 'DESC',
    });
    const alerts = await alertsOfSos(
      this.dataSource.manager,
      page.items.map((s) => s.id),
    );
    return {
      items: page.items.map((s) =>
        sosView(
          s,
          alerts.filter((a) => a.sos_id === s.id),
          this.cipher,
        ),
      ),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * Closes an SOS no report will follow (a tap by mistake, handled on the spot), with the reason.
   * Its alerts stay on the posts' consoles until an officer acknowledges them, but no longer
   * escalate; each console is told with `updated`.
   */
  async close(caller: Caller<UserActor>, id: string, dto: CloseSosDto): Promise<SosView> {
    const actor = caller.actor;
    const { view, posts } = await this.dataSource.transaction(async (m) => {
      const row = await findSos(m, id, true);
      if (!row || (actor.role !== Role.Admin && row.facility_id !== actor.facilityId))
        throw AppError.notFound('SOS');
      if (row.status !== 'open')
        throw new AppError(
          ErrorCode.RuleViolated,
          row.status === 'attached'
            ? 'This SOS has a report attached; it closes with the report'
            : 'This SOS is already closed',
        );
      // An UPDATE answers [rows, count].
      const [[closed]] = (await m.query(
        `UPDATE sos SET status = 'closed', close_reason = $2, closed_by = $3, closed_at = $4
          WHERE id = $1 RETURNING *`,
        [id, dto.reason.trim(), actor.id, this.clock.now()],
      )) as [Array<Parameters<typeof sosFromRow>[0]>, number];
      await this.audit.record(m, caller, {
        action: 'sos.closed',
        entityType: 'sos',
        entityId: id,
      });
      const alerts = await alertsOfSos(m, [id]);
      await appendConsoleEvents(
        m,
        [...alerts]
          .sort((a, b) => a.police_post_id.localeCompare(b.police_post_id))
          .map((a) => ({
            postId: a.police_post_id,
            alertId: a.id,
            type: 'updated' as const,
            data: { change: 'sos_closed' },
          })),
      );
      return {
        view: sosView(sosFromRow(closed), alerts, this.cipher),
        posts: [...new Set(alerts.map((a) => a.police_post_id))],
      };
    });
    await Promise.all(posts.map((p) => this.notifier.nudge(p)));
    return view;
  }
}
