import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, Caller, UserActor } from '../auth/roles';
import { sha256 } from '../auth/tokens';
import { AppError, ErrorCode } from '../common/app-error';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { CustodyService } from '../footage/custody.service';
import { ShareEvidencePackageDto } from './evidence-package.dto';
import { ShareLinkView } from './evidence-package.views';
import { EvidencePackagesRepository } from './evidence-packages.repository';
import { assertReady, EvidencePackagesService } from './evidence-packages.service';
import { ShareLinkLimiter } from './share-link-limiter';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * One answer for every link that does not open, whatever the reason: expired, revoked or never
 * issued read alike, so the answer tells a guesser nothing.
 */
const refused = () =>
  new AppError(ErrorCode.Gone, 'This link does not open: it has expired or was revoked');

/**
 * Links that hand a package to someone without an account. The token (32 random bytes) is shown
 * once; only its SHA-256 is kept. Every opening is a custody event of each file in the package,
 * with the link as the actor and the opener's address, and an audit entry.
 */
@Injectable()
export class ShareLinksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly packages: EvidencePackagesRepository,
    private readonly service: EvidencePackagesService,
    private readonly custody: CustodyService,
    private readonly audit: AuditService,
    private readonly limiter: ShareLinkLimiter,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async share(
    caller: Caller<UserActor>,
    id: string,
    dto: ShareEvidencePackageDto,
  ): Promise<ShareLinkView> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + dto.expiresInHours * 3600_000);
    await this.dataSource.transaction(async (m) => {
      const pkg = await this.packages.findVisible(caller.actor, id, m);
      assertReady(pkg);
      const [{ id: linkId }] = (await m.query(
        `INSERT INTO evidence_share_links (package_id, token_hash, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [pkg.id, sha256(token), caller.actor.id, now, expiresAt],
      )) as Array<{ id: string }>;
      await this.audit.record(m, caller, {
        action: 'evidence_package.shared',
        entityType: 'evidence_package',
        entityId: pkg.id,
        details: { incidentId: pkg.incidentId, linkId, expiresAt: expiresAt.toISOString() },
      });
    });
    const base = this.config.publicUrl.replace(/\/+$/, '');
    return { url: `${base}/share/evidence/${token}`, expiresAt };
  }

  /** Revokes every link of the package that is not revoked yet; a link being opened finishes first. */
  async revoke(caller: Caller<UserActor>, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const pkg = await this.packages.findVisible(caller.actor, id, m);
      const [rows] = (await m.query(
        `UPDATE evidence_share_links SET revoked_at = $2, revoked_by = $3
          WHERE package_id = $1 AND revoked_at IS NULL RETURNING id`,
        [pkg.id, this.clock.now(), caller.actor.id],
      )) as [Array<{ id: string }>, number];
      await this.audit.record(m, caller, {
        action: 'evidence_package.share_revoked',
        entityType: 'evidence_package',
        entityId: pkg.id,
        details: { incidentId: pkg.incidentId, linkIds: rows.map((r) => r.id) },
      });
    });
  }

  /** The download a link leads to, for whoever holds it; recorded in custody and the audit log. */
  async open(caller: Caller<Actor | null>, token: string): Promise<string> {
    const wait = await this.limiter.wait(caller.ip);
    if (wait > 0)
      throw new AppError(
        ErrorCode.RateLimited,
        'Too many links that do not open; try again later',
        [],
        {
          'Retry-After': String(wait),
        },
      );
    const opened = TOKEN.test(token)
      ? await this.dataSource.transaction(async (m) => {
          // The link's row lock orders a revocation after an opening under way, never beside it.
          const [link] = (await m.query(
            `SELECT l.id, l.package_id, l.expires_at, l.revoked_at, p.status, p.incident_id, p.object_key, i.reference,
                    ARRAY(SELECT footage_id FROM evidence_package_files WHERE package_id = p.id ORDER BY position)::text[] AS footage_ids
               FROM evidence_share_links l
               JOIN evidence_packages p ON p.id = l.package_id
               JOIN incidents i ON i.id = p.incident_id
              WHERE l.token_hash = $1 FOR SHARE OF l`,
            [sha256(token)],
          )) as Array<LinkRow>;
          if (
            !link ||
            link.revoked_at ||
            link.expires_at <= this.clock.now() ||
            link.status !== 'ready'
          )
            return null;
          for (const footageId of link.footage_ids)
            await this.custody.append(
              m,
              footageId,
              caller,
              'package_downloaded',
              { packageId: link.package_id, via: 'share_link' },
              { actorType: 'share_link', actorId: link.id },
            );
          await this.audit.record(m, caller, {
            action: 'evidence_package.share_opened',
            entityType: 'evidence_package',
            entityId: link.package_id,
            details: { incidentId: link.incident_id, linkId: link.id },
          });
          return link;
        })
      : null;
    if (!opened) {
      await this.limiter.refused(caller.ip);
      throw refused();
    }
    return this.service.downloadUrl({ objectKey: opened.object_key, reference: opened.reference });
  }
}

interface LinkRow {
  id: string;
  package_id: string;
  expires_at: Date;
  revoked_at: Date | null;
  status: string;
  incident_id: string;
  object_key: string;
  reference: string;
  footage_ids: string[];
}
