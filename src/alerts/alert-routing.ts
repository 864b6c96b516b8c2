export interface RoutingInput {
  /** Round-the-clock posts covering the incident's facility. */
  coveringPosts: string[];
  /** The duty desk of the facility's region, if there is one. */
  regionDutyDesk: string | null;
  /** The national fallback desk, if configured. */
  nationalDesk: string | null;
}

export type RoutingResult = {
  postIds: string[];
  via: 'facility_posts' | 'region_duty_desk' | 'national_desk' | 'none';
};

/**
 * Who is alerted: the posts inside the facility; where there is none, the region's duty desk;
 * where the region has none either, the national desk.
 */
export function routeIncident(input: RoutingInput): RoutingResult {
  if (input.coveringPosts.length > 0)
    return { postIds: [...input.coveringPosts].sort(), via: 'facility_posts' };
  if (input.regionDutyDesk) return { postIds: [input.regionDutyDesk], via: 'region_duty_desk' };
  if (input.nationalDesk) return { postIds: [input.nationalDesk], via: 'national_desk' };
  return { postIds: [], via: 'none' };
}
