import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller, UserActor } from '../auth/roles';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { CustodyService } from '../footage/custody.service';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { ObjectStorage } from '../storage/object-storage.service';
import { CreateEvidencePackageDto } from './evidence-package.dto';
import { EvidencePackageView, PackageRequestedView } from './evidence-package.views';
import {
  EvidencePackagesRepository,
  packageView,
  PackageRecord,
} from './evidence-packages.repository';
import { EvidenceQueue } from './evidence-queue';
import { EvidenceSigner } from './evidence-signer';

/** Requesting a package of an incident's footage, reading it, downloading it. */
@Injectable()
export class EvidencePackagesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly packages: EvidencePackagesRepository,
    private readonly incidents: IncidentsRepository,
    private readonly custody: CustodyService,
    private readonly audit: AuditService,
    private readonly storage: ObjectStorage,
    private readonly signer: EvidenceSigner,
    private readonly queue: EvidenceQueue,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Records the package and queues its build. Every file must be verified footage linked to the
   * incident (400 naming the one that is not); the rows are locked so retention cannot take them
   * between this check and the build.
   */
  async request(
    caller: Caller<UserActor>,
    incidentId: string,
    dto: CreateEvidencePackageDto,
  ): Promise<PackageRequestedView> {
    const id = randomUUID();
    await this.dataSource.transaction(async (m) => {
      await this.incidents.findVisible(caller.actor, incidentId, m);
      this.signer.assertAvailable();
      const rows = (await m.query(
        `SELECT f.id, f.status, f.sha256 FROM footage f
           JOIN incident_footage l ON l.footage_id = f.id AND l.incident_id = $1
          WHERE f.id = ANY($2::uuid[]) FOR SHARE OF f`,
        [incidentId, dto.footageIds],
      )) as Array<{ id: string; status: string; sha256: string | null }>;
      dto.footageIds.forEach((footageId, n) => {
        const row = rows.find((r) => r.id === footageId);
        if (!row)
          throw AppError.invalid(`footageIds[${n}]`, 'is not footage linked to this incident');
        if (row.status !== 'verified' || !row.sha256)
          throw AppError.invalid(
            `footageIds[${n}]`,
            `is ${row.status} footage; only verified footage, whose SHA-256 was checked, goes into a package`,
          );
      });
      await m.query(
        `INSERT INTO evidence_packages (id, incident_id, language, object_key, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          id,
          incidentId,
          dto.language,
          `evidence-packages/${id}.zip`,
          caller.actor.id,
          this.clock.now(),
        ],
      );
      await m.query(
        `INSERT INTO evidence_package_files (package_id, footage_id, position)
         SELECT $1, footage_id, position - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS f(footage_id, position)`,
        [id, dto.footageIds],
      );
      await this.audit.record(m, caller, {
        action: 'evidence_package.requested',
        entityType: 'evidence_package',
        entityId: id,
        details: { incidentId, footageIds: dto.footageIds, language: dto.language },
      });
    });
    await this.queue.buildLater(id);
    return { id, status: 'building' };
  }

  async get(caller: Caller<UserActor>, id: string): Promise<EvidencePackageView> {
    return packageView(await this.packages.findVisible(caller.actor, id));
  }

  /** A short-lived URL to the ZIP; the download is in the audit log and every file's custody chain. */
  async contentUrl(caller: Caller<UserActor>, id: string): Promise<string> {
    const pkg = await this.dataSource.transaction(async (m) => {
      const found = await this.packages.findVisible(caller.actor, id, m);
      assertReady(found);
      for (const footageId of found.footageIds)
        await this.custody.append(m, footageId, caller, 'package_downloaded', {
          packageId: found.id,
          via: 'account',
        });
      await this.audit.record(m, caller, {
        action: 'evidence_package.downloaded',
        entityType: 'evidence_package',
        entityId: found.id,
        details: { incidentId: found.incidentId, via: 'account' },
      });
      return found;
    });
    return this.downloadUrl(pkg);
  }

  downloadUrl(pkg: Pick<PackageRecord, 'objectKey' | 'reference'>): Promise<string> {
    return this.storage.presignedGet(
      pkg.objectKey,
      this.config.footage.urlSeconds,
      'application/zip',
      `${pkg.reference}-evidence.zip`,
    );
  }

  publicKey(): { algorithm: 'Ed25519'; publicKeyPem: string } {
    return { algorithm: 'Ed25519', publicKeyPem: this.signer.publicKeyPem };
  }
}

/** 409 for a package that is not in the bucket (yet, or at all). */
export function assertReady(pkg: Pick<PackageRecord, 'status'>): void {
  if (pkg.status === 'building')
    throw AppError.conflict('The package is still being built; try again when it is ready');
  if (pkg.status === 'failed')
    throw AppError.conflict('The package could not be built; request a new one');
}
