import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ReadAudit } from '../audit/read-audit';
import { PasswordHasher } from '../auth/password-hasher';
import { Actor, Caller, Role } from '../auth/roles';
import { PasswordResetsService } from '../auth/password-resets.service';
import { SessionsService } from '../auth/sessions.service';
import { AppError } from '../common/app-error';
import { changedFields, definedFields } from '../common/changes';
import { Page, paginate } from '../common/pagination';
import { Facility } from '../directory/facility.entity';
import { PolicePost } from '../directory/police-post.entity';
import { CreateUserDto, UpdateUserDto, UserQuery } from './user.dto';
import { User } from './user.entity';
import { AccountActivation } from './account-activation';
import { AccountFacts, accountFacts } from './account-facts';
import { CreatedUserView, UserView } from './user.views';

/** An account's record as the API shows it; never its password hash. */
export function userView(user: User): Omit<UserView, keyof AccountFacts> {
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    role: user.role,
    facilityId: user.facilityId,
    policePostId: user.policePostId,
    locale: user.locale,
    phone: user.phone,
    active: user.deactivatedAt === null,
    deactivatedAt: user.deactivatedAt,
    isDemo: user.isDemo,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly reads: ReadAudit,
    private readonly resets: PasswordResetsService,
    private readonly activation: AccountActivation,
  ) {}

  /** The accounts as the API shows them, with MFA and the last sign-in of each. */
  private async views(users: User[], m: EntityManager = this.dataSource.manager) {
    const facts = await accountFacts(
      m,
      users.map((u) => u.id),
    );
    return users.map((u) => ({ ...userView(u), ...facts.get(u.id)! }));
  }

  /** Admins see every account; a facility admin the accounts of their facility. */
  private visible(actor: Actor, m: EntityManager = this.dataSource.manager) {
    const qb = m.getRepository(User).createQueryBuilder('u');
    if (actor.kind === 'user' && actor.role === Role.Admin) return qb;
    if (actor.kind === 'user' && actor.role === Role.FacilityAdmin) {
      return qb.andWhere('u.facility_id = :scopeFacility', { scopeFacility: actor.facilityId });
    }
    return qb.andWhere('false');
  }

  /** A page of accounts is a read of their personal data: one audit entry names them all. */
  async list(caller: Caller, query: UserQuery): Promise<Page<UserView>> {
    const qb = this.visible(caller.actor);
    if (query.facilityId)
      qb.andWhere('u.facility_id = :facilityId', { facilityId: query.facilityId });
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.policePostId)
      qb.andWhere('u.police_post_id = :policePostId', { policePostId: query.policePostId });
    if (query.q)
      qb.andWhere(
        `(strpos(lower(u.email), lower(:q)) > 0 OR strpos(lower(u.full_name), lower(:q)) > 0)`,
        {
          q: query.q.trim(),
        },
      );
    const page = await paginate(qb, query, { column: 'email', valueOf: (u) => u.email });
    await this.reads.recordIfAny(caller, {
      kind: 'accounts',
      entityType: 'user',
      details: { userIds: page.items.map((u) => u.id) },
    });
    return { items: await this.views(page.items), nextCursor: page.nextCursor };
  }

  /** Reading one person's account is a read of personal data, and so is audited. */
  async get(caller: Caller, id: string): Promise<UserView> {
    const user = await this.getVisible(caller.actor, id);
    await this.reads.record(caller, { kind: 'account', entityType: 'user', entityId: id });
    return (await this.views([user]))[0];
  }

  /** Within a transaction the row stays locked to it, so concurrent changes apply in turn. */
  private async getVisible(actor: Actor, id: string, m?: EntityManager): Promise<User> {
    const qb = this.visible(actor, m).andWhere('u.id = :id', { id });
    const user = await (m ? qb.setLock('pessimistic_write') : qb).getOne();
    if (!user) throw AppError.notFound('User');
    return user;
  }

  /**
   * A new account. Without a password it gets none that works and a one-time link its holder
   * chooses one with, written in the same transaction, so there is never an account without it.
   */
  create(dto: CreateUserDto, caller: Caller): Promise<CreatedUserView> {
    const facilityId = this.placementFor(caller.actor, dto);
    return this.dataSource.transaction(async (m) => {
      const placed = { role: dto.role, facilityId, policePostId: dto.policePostId ?? null };
      await this.checkPlacement(m, placed);
      await this.requireFreeEmail(m, dto.email);
      const user = await m.save(
        m.create(User, {
          email: dto.email.trim(),
          fullName: dto.fullName,
          locale: dto.locale ?? 'ru',
          phone: dto.phone ?? null,
          ...placed,
          passwordHash: dto.password
            ? await this.hasher.hash(dto.password)
            : PasswordHasher.UNUSABLE,
        }),
      );
      await this.audit.record(m, caller, {
        action: 'user.created',
        entityType: 'user',
        entityId: user.id,
        details: {
          role: user.role,
          facilityId: user.facilityId,
          policePostId: user.policePostId,
          password: dto.password ? 'typed' : 'link',
        },
      });
      const [view] = await this.views([user], m);
      if (dto.password) return view;
      return { ...view, setPasswordLink: await this.resets.issueIn(m, user.id, caller) };
    });
  }

  update(id: string, dto: UpdateUserDto, caller: Caller): Promise<UserView> {
    const actor = caller.actor;
    const isAdmin = actor.kind === 'user' && actor.role === Role.Admin;
    return this.dataSource.transaction(async (m) => {
      const user = await this.getVisible(actor, id, m);
      if (!isAdmin) {
        if (user.role !== Role.Staff)
          throw AppError.forbidden('Facility admins manage staff accounts only');
        if (
          dto.role !== undefined ||
          dto.facilityId !== undefined ||
          dto.policePostId !== undefined
        ) {
          throw AppError.forbidden('Only an admin may change a role or placement');
        }
      }
      const { password, active, ...fields } = definedFields(dto);
      const changed = changedFields(user, fields);
      Object.assign(user, fields);
      if (
        dto.role !== undefined ||
        dto.facilityId !== undefined ||
        dto.policePostId !== undefined
      ) {
        if (user.role === Role.Ministry || user.role === Role.Admin)
          Object.assign(user, { facilityId: null, policePostId: null });
        await this.checkPlacement(m, user);
      }
      if (password) {
        await m.update(User, { id }, { passwordHash: await this.hasher.hash(password) });
        changed.push('password');
      }
      if (active === true) await this.activation.reactivate(m, user, caller);
      if (active === false) await this.activation.deactivate(m, user, caller);
      const saved = await m.save(user);
      if (password || changed.includes('role') || changed.includes('facilityId'))
        await this.sessions.revokeAllFor(id, m);
      await this.audit.record(m, caller, {
        action: 'user.updated',
        entityType: 'user',
        entityId: id,
        details: { changed },
      });
      return (await this.views([saved], m))[0];
    });
  }

  /** Accounts are deactivated, not deleted: the audit log and incidents keep referring to them. */
  deactivate(id: string, caller: Caller): Promise<void> {
    return this.dataSource.transaction(async (m) => {
      const user = await this.getVisible(caller.actor, id, m);
      if (
        caller.actor.kind === 'user' &&
        caller.actor.role !== Role.Admin &&
        caller.actor.id !== id &&
        user.role !== Role.Staff
      ) {
        throw AppError.forbidden('Facility admins manage staff accounts only');
      }
      await this.activation.deactivate(m, user, caller);
    });
  }

  /** Admins place accounts anywhere; a facility admin creates staff of their own facility only. */
  private placementFor(actor: Actor, dto: CreateUserDto): string | null {
    if (actor.kind === 'user' && actor.role === Role.Admin) return dto.facilityId ?? null;
    const own = actor.kind === 'user' ? actor.facilityId : null;
    if (dto.role !== Role.Staff)
      throw AppError.forbidden('Facility admins create staff accounts only');
    if (!own || (dto.facilityId && dto.facilityId !== own)) {
      throw AppError.forbidden('You may only manage staff of your own facility');
    }
    return own;
  }

  /** Staff and facility admins belong to a facility, officers to a post; others to neither. */
  private async checkPlacement(
    m: EntityManager,
    u: { role: Role; facilityId: string | null; policePostId: string | null },
  ): Promise<void> {
    const needsFacility = u.role === Role.Staff || u.role === Role.FacilityAdmin;
    if (needsFacility && !u.facilityId)
      throw AppError.invalid('facilityId', `is required for role ${u.role}`, 'required');
    if (!needsFacility && u.facilityId && u.role !== Role.Police) {
      throw AppError.invalid('facilityId', `must be empty for role ${u.role}`, 'not_allowed');
    }
    if (u.facilityId && !(await m.existsBy(Facility, { id: u.facilityId }))) {
      throw AppError.invalid('facilityId', 'is not a known facility', 'unknown_facility');
    }
    if (u.role === Role.Police && !u.policePostId)
      throw AppError.invalid('policePostId', 'is required for role police', 'required');
    if (u.role !== Role.Police && u.policePostId)
      throw AppError.invalid('policePostId', `must be empty for role ${u.role}`, 'not_allowed');
    if (u.policePostId && !(await m.existsBy(PolicePost, { id: u.policePostId }))) {
      throw AppError.invalid('policePostId', 'is not a known police post');
    }
  }

  private async requireFreeEmail(m: EntityManager, email: string): Promise<void> {
    const taken = await m
      .getRepository(User)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email: email.trim() })
      .getExists();
    if (taken) throw AppError.conflict('An account with this e-mail already exists', 'email');
  }
}
