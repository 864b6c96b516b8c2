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

/**
 * Who an SOS alerts: an ambulance team out on a call is nowhere near its substation, so its SOS
 * goes to the region's duty desk (else the national desk); anyone else's goes where a report of
 * the facility would.
 */
export function routeSos(input: RoutingInput & { ambulanceTeam: boolean }): RoutingResult {
  if (input.ambulanceTeam) {
    if (input.regionDutyDesk) return { postIds: [input.regionDutyDesk], via: 'region_duty_desk' };
    if (input.nationalDesk) return { postIds: [input.nationalDesk], via: 'national_desk' };
  }
  return routeIncident(input);
}
