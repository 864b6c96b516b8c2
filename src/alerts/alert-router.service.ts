import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PostKind } from '../directory/directory.types';
import { PolicePost, PolicePostFacility } from '../directory/police-post.entity';
import { Alert } from './alert.entity';
import { routeIncident, RoutingResult } from './alert-routing';

/** Decides which police posts hear of an incident and records an alert for each, inside the caller's transaction. */
@Injectable()
export class AlertRouter {
  private readonly logger = new Logger(AlertRouter.name);

  async route(
    m: EntityManager,
    facility: { id: string; regionId: string },
  ): Promise<RoutingResult> {
    const [covering, regionDesk, nationalDesk] = await Promise.all([
      m.findBy(PolicePostFacility, { facilityId: facility.id }),
      m.findOneBy(PolicePost, { kind: PostKind.DutyDesk, regionId: facility.regionId }),
      m
        .getRepository(PolicePost)
        .createQueryBuilder('p')
        .where("p.kind = 'duty_desk' AND p.region_id IS NULL")
        .getOne(),
    ]);
    const result = routeIncident({
      coveringPosts: covering.map((c) => c.policePostId),
      regionDutyDesk: regionDesk?.id ?? null,
      nationalDesk: nationalDesk?.id ?? null,
    });
    if (result.via === 'national_desk' || result.via === 'none') {
      this.logger.warn({
        msg: 'no post or regional duty desk covers the facility',
        facilityId: facility.id,
        via: result.via,
      });
    }
    return result;
  }

  async createAlerts(
    m: EntityManager,
    incidentId: string,
    postIds: string[],
    priority: number,
  ): Promise<Alert[]> {
    if (postIds.length === 0) return [];
    return m.save(
      postIds.map((policePostId) =>
        m.create(Alert, {
          incidentId,
          policePostId,
          priority,
          status: 'pending',
          escalationLevel: 0,
        }),
      ),
    );
  }
}
