import { Brackets, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Actor } from '../auth/roles';
import { Role } from '../auth/roles';

/**
 * Which facilities' operational records (units, devices, staff) an actor may see:
 * admins all; facility admins and staff their own facility; a police post the facilities it
 * covers; a duty desk every facility of its region (the national desk: all); a device gateway
 * its own facility. Ministry analysts see none: they work with aggregates only.
 *
 * Adds the restriction to `qb`, where `facilityColumn` names the facility id column.
 */
export function restrictToVisibleFacilities<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  actor: Actor,
  facilityColumn: string,
): SelectQueryBuilder<E> {
  if (actor.kind === 'device')
    return qb.andWhere(`${facilityColumn} = :scopeFacility`, { scopeFacility: actor.facilityId });
  switch (actor.role) {
    case Role.Admin:
      return qb;
    case Role.FacilityAdmin:
    case Role.Staff:
      return qb.andWhere(`${facilityColumn} = :scopeFacility`, { scopeFacility: actor.facilityId });
    case Role.Police:
      return qb.andWhere(
        new Brackets((w) =>
          w
            .where(
              `${facilityColumn} IN (SELECT ppf.facility_id FROM police_post_facilities ppf WHERE ppf.police_post_id = :scopePost)`,
            )
            .orWhere(
              `EXISTS (SELECT 1 FROM police_posts desk WHERE desk.id = :scopePost AND desk.kind = 'duty_desk'
                 AND (desk.region_id IS NULL OR desk.region_id = (SELECT f.region_id FROM facilities f WHERE f.id = ${facilityColumn})))`,
            ),
        ),
        { scopePost: actor.policePostId },
      );
    case Role.Ministry:
      return qb.andWhere('false');
  }
}
