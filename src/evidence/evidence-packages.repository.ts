import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, Role } from '../auth/roles';
import { AppError } from '../common/app-error';
import type { PackageLanguage } from './package-manifest';
import type { EvidencePackageView, PackageStatus } from './evidence-package.views';

export interface PackageRecord {
  id: string;
  incidentId: string;
  status: PackageStatus;
  language: PackageLanguage;
  objectKey: string;
  sha256: string | null;
  size: number | null;
  createdAt: Date;
  readyAt: Date | null;
  footageIds: string[];
  reference: string;
}

/**
 * Who sees which package, in one place: those who handle its incident as evidence — officers of
 * a post the incident was routed to, and admins. Everyone else is refused by role before this.
 */
@Injectable()
export class EvidencePackagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The package; 404 when the actor may not see it. With `lock`, its row is locked in `m`'s transaction. */
  async findVisible(
    actor: Actor,
    id: string,
    m: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<PackageRecord> {
    const scope = scopeOf(actor);
    const [row] = (await m.query(
      `SELECT p.id, p.incident_id, p.status, p.language, p.object_key, p.sha256, p.size,
              p.created_at, p.ready_at, i.reference,
              ARRAY(SELECT footage_id FROM evidence_package_files WHERE package_id = p.id ORDER BY position)::text[] AS footage_ids
         FROM evidence_packages p JOIN incidents i ON i.id = p.incident_id
        WHERE p.id = $1 AND ${scope.sql}${lock ? ' FOR UPDATE OF p' : ''}`,
      [id, ...scope.params],
    )) as Row[];
    if (!row) throw AppError.notFound('Evidence package');
    return recordOf(row);
  }
}

function scopeOf(actor: Actor): { sql: string; params: unknown[] } {
  if (actor.kind === 'user' && actor.role === Role.Admin) return { sql: 'true', params: [] };
  if (actor.kind === 'user' && actor.role === Role.Police && actor.policePostId)
    return {
      sql: `EXISTS (SELECT 1 FROM alerts a WHERE a.incident_id = p.incident_id AND a.police_post_id = $2)`,
      params: [actor.policePostId],
    };
  return { sql: 'false', params: [] };
}

interface Row {
  id: string;
  incident_id: string;
  status: PackageStatus;
  language: PackageLanguage;
  object_key: string;
  sha256: string | null;
  size: string | null;
  created_at: Date;
  ready_at: Date | null;
  reference: string;
  footage_ids: string[];
}

const recordOf = (r: Row): PackageRecord => ({
  id: r.id,
  incidentId: r.incident_id,
  status: r.status,
  language: r.language,
  objectKey: r.object_key,
  sha256: r.sha256,
  size: r.size === null ? null : Number(r.size),
  createdAt: r.created_at,
  readyAt: r.ready_at,
  footageIds: r.footage_ids,
  reference: r.reference,
});

export const packageView = (p: PackageRecord): EvidencePackageView => ({
  id: p.id,
  incidentId: p.incidentId,
  status: p.status,
  language: p.language,
  footageIds: p.footageIds,
  sha256: p.sha256,
  size: p.size,
  createdAt: p.createdAt,
  readyAt: p.readyAt,
});
