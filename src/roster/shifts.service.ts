import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, Caller, Role } from '../auth/roles';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { CreateShiftDto, ShiftQuery } from './shift.dto';
import { OfficerView, ShiftView } from './shift.views';

const HOUR_MS = 3600_000;
const SHIFT_MAX_MS = 24 * HOUR_MS;
const WINDOW_DEFAULT_MS = 7 * 24 * HOUR_MS;
const WINDOW_MAX_MS = 31 * 24 * HOUR_MS;
/** SQLSTATE exclusion_violation: the officer already has a shift overlapping this one. */
const EXCLUSION_VIOLATION = '23P01';

interface ShiftRow {
  id: string;
  user_id: string;
  full_name: string;
  starts_at: Date;
  ends_at: Date;
}

const view = (r: ShiftRow): ShiftView => ({
  id: r.id,
  userId: r.user_id,
  officerName: r.full_name,
  from: r.starts_at,
  to: r.ends_at,
});

/**
 * A post's duty roster: who is on shift when. Admins manage every post's, officers their own
 * post's (another post reads as not found). An officer holds one shift at a time: the database
 * refuses an overlapping one (409), so two written at once cannot both land.
 */
@Injectable()
export class ShiftsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, postId: string, query: ShiftQuery): Promise<ShiftView[]> {
    await this.requirePost(this.dataSource.manager, actor, postId);
    const from = query.from ? new Date(query.from) : this.clock.now();
    const to = query.to ? new Date(query.to) : new Date(from.getTime() + WINDOW_DEFAULT_MS);
    if (to <= from) throw AppError.invalid('to', 'must be after from');
    if (to.getTime() - from.getTime() > WINDOW_MAX_MS)
      throw AppError.invalid('to', 'must be at most 31 days after from', 'out_of_range');
    const rows = (await this.dataSource.query(
      `SELECT s.id, s.user_id, u.full_name, s.starts_at, s.ends_at
         FROM police_shifts s JOIN users u ON u.id = s.user_id
        WHERE s.police_post_id = $1 AND s.starts_at < $3 AND s.ends_at > $2
        ORDER BY s.starts_at, u.full_name`,
      [postId, from, to],
    )) as ShiftRow[];
    return rows.map(view);
  }

  async officers(actor: Actor, postId: string): Promise<OfficerView[]> {
    await this.requirePost(this.dataSource.manager, actor, postId);
    return (await this.dataSource.query(
      `SELECT id, full_name AS "fullName" FROM users
        WHERE police_post_id = $1 AND role = 'police' AND deactivated_at IS NULL
        ORDER BY full_name`,
      [postId],
    )) as OfficerView[];
  }

  create(postId: string, dto: CreateShiftDto, caller: Caller): Promise<ShiftView> {
    const from = new Date(dto.from);
    const to = new Date(dto.to);
    if (to <= from) throw AppError.invalid('to', 'must be after from');
    if (to.getTime() - from.getTime() > SHIFT_MAX_MS)
      throw AppError.invalid('to', 'must be at most 24 hours after from', 'out_of_range');
    return this.dataSource
      .transaction(async (m) => {
        await this.requirePost(m, caller.actor, postId);
        const [officer] = (await m.query(
          `SELECT id, full_name FROM users
            WHERE id = $1 AND police_post_id = $2 AND role = 'police' AND deactivated_at IS NULL
            FOR SHARE`,
          [dto.userId, postId],
        )) as Array<{ id: string; full_name: string }>;
        if (!officer)
          throw AppError.invalid('userId', 'is not an active officer of this post', 'unknown_user');
        const [row] = (await m.query(
          `INSERT INTO police_shifts (police_post_id, user_id, starts_at, ends_at, created_by)
           VALUES ($1, $2, $3, $4, $5) RETURNING id, user_id, starts_at, ends_at`,
          [postId, officer.id, from, to, actorUserId(caller.actor)],
        )) as ShiftRow[];
        await this.audit.record(m, caller, {
          action: 'police_shift.created',
          entityType: 'police_shift',
          entityId: row.id,
          details: { policePostId: postId, userId: officer.id, from, to },
        });
        return view({ ...row, full_name: officer.full_name });
      })
      .catch((error: unknown) => {
        if (
          error instanceof QueryFailedError &&
          (error.driverError as { code?: string }).code === EXCLUSION_VIOLATION
        )
          throw AppError.conflict('The officer already has a shift overlapping this one', 'from');
        throw error;
      });
  }

  remove(postId: string, shiftId: string, caller: Caller): Promise<void> {
    return this.dataSource.transaction(async (m) => {
      await this.requirePost(m, caller.actor, postId);
      const deleted = (await m.query(
        `DELETE FROM police_shifts WHERE id = $1 AND police_post_id = $2
         RETURNING user_id, starts_at, ends_at`,
        [shiftId, postId],
      )) as [Array<{ user_id: string; starts_at: Date; ends_at: Date }>, number];
      const [shift] = deleted[0];
      if (!shift) throw AppError.notFound('Shift');
      await this.audit.record(m, caller, {
        action: 'police_shift.deleted',
        entityType: 'police_shift',
        entityId: shiftId,
        details: {
          policePostId: postId,
          userId: shift.user_id,
          from: shift.starts_at,
          to: shift.ends_at,
        },
      });
    });
  }

  /** Admins reach every post, an officer only their own; any other post is not found. */
  private async requirePost(m: EntityManager, actor: Actor, postId: string): Promise<void> {
    const mine =
      actor.kind === 'user' &&
      (actor.role === Role.Admin || (actor.role === Role.Police && actor.policePostId === postId));
    const exists =
      mine &&
      ((await m.query(`SELECT 1 FROM police_posts WHERE id = $1`, [postId])) as unknown[]).length >
        0;
    if (!exists) throw AppError.notFound('Police post');
  }
}

function actorUserId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.id : null;
}
