import { routeIncident, RoutingInput } from './alert-routing';

describe('alert routing', () => {
  it.each<[string, RoutingInput, string[], string]>([
    [
      'a facility with its own post',
      { coveringPosts: ['p1'], regionDutyDesk: 'd', nationalDesk: 'n' },
      ['p1'],
      'facility_posts',
    ],
    [
      'a facility covered by two posts',
      { coveringPosts: ['p2', 'p1'], regionDutyDesk: 'd', nationalDesk: 'n' },
      ['p1', 'p2'],
      'facility_posts',
    ],
    [
      'a facility without a post',
      { coveringPosts: [], regionDutyDesk: 'd', nationalDesk: 'n' },
      ['d'],
      'region_duty_desk',
    ],
    [
      'a region without a desk',
      { coveringPosts: [], regionDutyDesk: null, nationalDesk: 'n' },
      ['n'],
      'national_desk',
    ],
    [
      'nowhere to send',
      { coveringPosts: [], regionDutyDesk: null, nationalDesk: null },
      [],
      'none',
    ],
  ])('routes %s', (_name, input, postIds, via) => {
    expect(routeIncident(input)).toEqual({ postIds, via });
  });
});
