import type { RoutingInput } from './alert-routing';

/**
 * Who could be alerted for a facility `f`, as columns of a query that reads it: the posts covering
 * it, its region's duty desk and the national desk. Reports and SOS read them in the same
 * statement as the rest of what they need.
 */
export const ROUTING_COLUMNS = `
       (SELECT coalesce(array_agg(police_post_id), '{}') FROM police_post_facilities WHERE facility_id = f.id) AS covering,
       (SELECT id FROM police_posts WHERE kind = 'duty_desk' AND region_id = f.region_id) AS region_desk,
       (SELECT id FROM police_posts WHERE kind = 'duty_desk' AND region_id IS NULL) AS national_desk`;

export interface RoutingColumns {
  covering: string[];
  region_desk: string | null;
  national_desk: string | null;
}

export function routingOf(row: RoutingColumns): RoutingInput {
  return {
    coveringPosts: row.covering,
    regionDutyDesk: row.region_desk,
    nationalDesk: row.national_desk,
  };
}
