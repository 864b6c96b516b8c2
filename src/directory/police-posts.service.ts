import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { WebhookTargets } from '../alerts/webhook-targets';
import { AuditService } from '../audit/audit.service';
import { Actor, Caller, Role } from '../auth/roles';
import { AppError } from '../common/app-error';
import { changedFields } from '../common/changes';
import { Clock } from '../common/clock';
import { Page, paginate, PageQuery } from '../common/pagination';
import { SecretBox } from '../common/secret-box';
import { CreatePolicePostDto, UpdatePolicePostDto } from './directory.dto';
import { PostKind } from './directory.types';
import { Facility } from './facility.entity';
import { PolicePost, PolicePostFacility } from './police-post.entity';
import { PolicePostView } from './police-post.views';
import { Region } from './region.entity';

@Injectable()
export class PolicePostsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly secrets: SecretBox,
    private readonly webhookTargets: WebhookTargets,
    private readonly clock: Clock,
  ) {}

  /** Admins see every post; an officer their own post; a facility admin the posts covering their facility. */
  private visible(actor: Actor) {
    const qb = this.dataSource
      .getRepository(PolicePost)
      .createQueryBuilder('p')
      .addSelect('p.webhookSecretEnc');
    if (actor.kind === 'device') return qb.andWhere('false');
    switch (actor.role) {
      case Role.Admin:
        return qb;
      case Role.Police:
        return qb.andWhere('p.id = :own', { own: actor.policePostId });
      case Role.FacilityAdmin:
        return qb.andWhere(
          'p.id IN (SELECT police_post_id FROM police_post_facilities WHERE facility_id = :facility)',
          { facility: actor.facilityId },
        );
      default:
        return qb.andWhere('false');
    }
  }

  async list(actor: Actor, query: PageQuery): Promise<Page<PolicePostView>> {
    const page = await paginate(this.visible(actor), query, {
      column: 'name',
      valueOf: (p) => p.name,
    });
    return {
      items: await this.views(this.dataSource.manager, page.items),
      nextCursor: page.nextCursor,
    };
  }

  async get(actor: Actor, id: string): Promise<PolicePostView> {
    const post =
      (await this.visible(actor).andWhere('p.id = :id', { id }).getOne()) ?? failNotFound();
    return (await this.views(this.dataSource.manager, [post]))[0];
  }

  async create(dto: CreatePolicePostDto, caller: Caller): Promise<PolicePostView> {
    await this.checkWebhookUrl(dto.webhookUrl);
    return this.dataSource.transaction(async (m) => {
      const post = m.create(PolicePost, {
        kind: dto.kind,
        name: dto.name,
        regionId: dto.regionId ?? null,
        phone: dto.phone ?? null,
        language: dto.language ?? 'ru',
        webhookUrl: dto.webhookUrl ?? null,
        webhookSecretEnc: dto.webhookSecret ? this.secrets.seal(dto.webhookSecret) : null,
      });
      const facilityIds = dto.facilityIds ?? [];
      await this.check(m, post, facilityIds);
      await m.save(post);
      await m.insert(
        PolicePostFacility,
        facilityIds.map((facilityId) => ({ policePostId: post.id, facilityId })),
      );
      await this.audit.record(m, caller, {
        action: 'police_post.created',
        entityType: 'police_post',
        entityId: post.id,
        details: { facilityIds },
      });
      return (await this.views(m, [post]))[0];
    });
  }

  async update(id: string, dto: UpdatePolicePostDto, caller: Caller): Promise<PolicePostView> {
    await this.checkWebhookUrl(dto.webhookUrl);
    return this.dataSource.transaction(async (m) => {
      const post =
        (await m
          .getRepository(PolicePost)
          .createQueryBuilder('p')
          .addSelect('p.webhookSecretEnc')
          .setLock('pessimistic_write')
          .where('p.id = :id', { id })
          .getOne()) ?? failNotFound();
      const { webhookSecret, facilityIds, ...plain } = dto;
      const changed = changedFields(post, plain);
      Object.assign(post, plain);
      if (webhookSecret !== undefined) {
        post.webhookSecretEnc = this.secrets.seal(webhookSecret);
        changed.push('webhookSecret');
      }
      // A new address or secret is a new chance for an endpoint that answered 410 Gone.
      if (webhookSecret !== undefined || plain.webhookUrl !== undefined)
        post.webhookDisabledAt = null;
      const current = await this.facilityIdsOf(m, [post.id]);
      const nextFacilities = facilityIds ?? current.get(post.id) ?? [];
      await this.check(m, post, nextFacilities);
      await m.save(post);
      // A secret set by hand ends a rotation's overlap: only it signs from now on.
      if (webhookSecret !== undefined) {
        await m.update(
          PolicePost,
          { id: post.id },
          { webhookPreviousSecretEnc: null, webhookPreviousSecretUntil: null },
        );
        post.webhookPreviousSecretUntil = null;
      }
      if (facilityIds) {
        await m.delete(PolicePostFacility, { policePostId: post.id });
        await m.insert(
          PolicePostFacility,
          facilityIds.map((facilityId) => ({ policePostId: post.id, facilityId })),
        );
        changed.push('facilityIds');
      }
      await this.audit.record(m, caller, {
        action: 'police_post.updated',
        entityType: 'police_post',
        entityId: id,
        details: { changed: [...new Set(changed)].sort() },
      });
      return (await this.views(m, [post]))[0];
    });
  }

  remove(id: string, caller: Caller): Promise<void> {
    return this.dataSource.transaction(async (m) => {
      const result = await m.delete(PolicePost, { id });
      if (!result.affected) failNotFound();
      await this.audit.record(m, caller, {
        action: 'police_post.deleted',
        entityType: 'police_post',
        entityId: id,
      });
    });
  }

  /** Looked up before the transaction, so a slow DNS answer holds no row lock. */
  private async checkWebhookUrl(url: string | null | undefined): Promise<void> {
    if (!url) return;
    const refusal = await this.webhookTargets.saveRefusal(url);
    if (refusal) throw AppError.invalid('webhookUrl', refusal);
  }

  /** A post covers facilities of its own region; a duty desk covers its whole region instead. */
  private async check(m: EntityManager, post: PolicePost, facilityIds: string[]): Promise<void> {
    if (post.kind === PostKind.Post && !post.regionId)
      throw AppError.invalid('regionId', 'is required for a post', 'required');
    if (post.regionId && !(await m.existsBy(Region, { id: post.regionId }))) {
      throw AppError.invalid('regionId', 'is not a known region');
    }
    if (post.kind === PostKind.DutyDesk && facilityIds.length > 0) {
      throw AppError.invalid(
        'facilityIds',
        'must be empty for a duty desk, which covers its whole region',
        'not_allowed',
      );
    }
    if (post.webhookUrl && !post.webhookSecretEnc) {
      throw AppError.invalid('webhookSecret', 'is required when webhookUrl is set', 'required');
    }
    if (facilityIds.length === 0) return;
    const facilities = await m.findBy(Facility, { id: In(facilityIds) });
    const byId = new Map(facilities.map((f) => [f.id, f]));
    facilityIds.forEach((facilityId, i) => {
      const facility = byId.get(facilityId);
      if (!facility)
        throw AppError.invalid(`facilityIds[${i}]`, 'is not a known facility', 'unknown_facility');
      if (facility.regionId !== post.regionId) {
        throw AppError.invalid(`facilityIds[${i}]`, "is not in the post's region");
      }
    });
  }

  private async facilityIdsOf(m: EntityManager, postIds: string[]): Promise<Map<string, string[]>> {
    const links = postIds.length
      ? await m.findBy(PolicePostFacility, { policePostId: In(postIds) })
      : [];
    const map = new Map<string, string[]>();
    for (const link of links)
      map.set(link.policePostId, [...(map.get(link.policePostId) ?? []), link.facilityId]);
    return map;
  }

  private async views(m: EntityManager, posts: PolicePost[]): Promise<PolicePostView[]> {
    const facilities = await this.facilityIdsOf(
      m,
      posts.map((p) => p.id),
    );
    const now = this.clock.now();
    return posts.map((post) => ({
      id: post.id,
      kind: post.kind,
      name: post.name,
      regionId: post.regionId,
      phone: post.phone,
      language: post.language,
      webhookUrl: post.webhookUrl,
      hasWebhookSecret: post.webhookSecretEnc != null,
      webhookDisabled: post.webhookDisabledAt != null,
      previousWebhookSecretSignsUntil:
        post.webhookPreviousSecretUntil && post.webhookPreviousSecretUntil > now
          ? post.webhookPreviousSecretUntil
          : null,
      facilityIds: (facilities.get(post.id) ?? []).sort(),
      isDemo: post.isDemo,
      createdAt: post.createdAt,
      updatedAt: post.updatedAt,
    }));
  }
}

function failNotFound(): never {
  throw AppError.notFound('Police post');
}
