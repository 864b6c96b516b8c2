import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, Role } from '../auth/roles';
import { AppError } from '../common/app-error';
import { Footage } from './footage.entity';

/**
 * Who sees which footage, in one place: police footage linked to incidents routed to their post,
 * a facility admin their facility's, admins all. Footage still being uploaded is not footage yet.
 */
@Injectable()
export class FootageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  visibleTo(actor: Actor, m: EntityManager = this.dataSource.manager) {
    const qb = m
      .getRepository(Footage)
      .createQueryBuilder('f')
      .addSelect('f.objectKey')
      .where("f.status <> 'uploading'");
    if (actor.kind === 'device') return qb.andWhere('false');
    switch (actor.role) {
      case Role.Admin:
        return qb;
      case Role.FacilityAdmin:
        return qb.andWhere('f.facility_id = :own', { own: actor.facilityId });
      case Role.Police:
        return qb.andWhere(
          `EXISTS (SELECT 1 FROM incident_footage l JOIN alerts a ON a.incident_id = l.incident_id
                    WHERE l.footage_id = f.id AND a.police_post_id = :post)`,
          { post: actor.policePostId },
        );
      default:
        return qb.andWhere('false');
    }
  }

  /** Takes the footage's row lock in the caller's transaction; the next statement sees what committed before. */
  async lock(m: EntityManager, id: string): Promise<void> {
    await m.query('SELECT 1 FROM footage WHERE id = $1 FOR UPDATE', [id]);
  }

  /** The reports the footage is linked to: a read of it is a read of theirs. */
  async linkedIncidentIds(footageId: string, m = this.dataSource.manager): Promise<string[]> {
    const rows = (await m.query(
      `SELECT incident_id FROM incident_footage WHERE footage_id = $1 ORDER BY linked_at`,
      [footageId],
    )) as Array<{ incident_id: string }>;
    return rows.map((r) => r.incident_id);
  }

  /** The footage; 404 when the actor may not see it. */
  async findVisible(actor: Actor, id: string, m?: EntityManager): Promise<Footage> {
    const footage = await this.visibleTo(actor, m).andWhere('f.id = :id', { id }).getOne();
    if (!footage) throw AppError.notFound('Footage');
    return footage;
  }
}
