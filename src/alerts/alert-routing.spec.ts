import { routeIncident, routeSos, RoutingInput } from './alert-routing';

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

describe('SOS routing', () => {
  const base = { coveringPosts: ['p2', 'p1'], regionDutyDesk: 'd', nationalDesk: 'n' };
  it.each<[string, RoutingInput & { ambulanceTeam: boolean }, string[], string]>([
    [
      'staff inside a hospital with posts',
      { ...base, ambulanceTeam: false },
      ['p1', 'p2'],
      'facility_posts',
    ],
    ['an ambulance team in the field', { ...base, ambulanceTeam: true }, ['d'], 'region_duty_desk'],
    [
      'an ambulance team of a region without a desk',
      { ...base, regionDutyDesk: null, ambulanceTeam: true },
      ['n'],
      'national_desk',
    ],
    [
      'an ambulance team with nowhere to send',
      { coveringPosts: ['p1'], regionDutyDesk: null, nationalDesk: null, ambulanceTeam: true },
      ['p1'],
      'facility_posts',
    ],
    [
      'staff of a facility without a post',
      { coveringPosts: [], regionDutyDesk: 'd', nationalDesk: 'n', ambulanceTeam: false },
      ['d'],
      'region_duty_desk',
    ],
  ])('routes %s', (_name, input, postIds, via) => {
    expect(routeSos(input)).toEqual({ postIds, via });
  });
});
