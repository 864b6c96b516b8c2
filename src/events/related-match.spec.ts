import { metresBetween, PlacedReport, relatedReasons } from './related-match';

const AT = Date.UTC(2026, 2, 14, 21, 40);
const HOSPITAL = 'f-hospital';
const SUBSTATION = 'f-substation';
const base: PlacedReport = {
  id: 'a',
  facilityId: HOSPITAL,
  unitId: 'u-admission',
  placeKind: 'admission_department',
  occurredAt: new Date(AT),
  lat: null,
  lon: null,
};
const other = (over: Partial<PlacedReport>): PlacedReport => ({ ...base, id: 'b', ...over });
const call = (over: Partial<PlacedReport>): Partial<PlacedReport> => ({
  facilityId: SUBSTATION,
  placeKind: 'ambulance_call',
  unitId: 'u-team-1',
  ...over,
});
const minutes = (n: number) => new Date(AT + n * 60_000);
// About 150 m north of 43.2380, 76.9450 (Almaty), and about 400 m.
const NEAR = { lat: 43.23935, lon: 76.945 };
const FAR = { lat: 43.2416, lon: 76.945 };

describe('related reports', () => {
  it.each<[string, Partial<PlacedReport>, Partial<PlacedReport>, string[] | null]>([
    [
      'same hospital, 10 minutes apart',
      {},
      { unitId: 'u-ward', occurredAt: minutes(10) },
      ['same_facility', 'close_in_time'],
    ],
    [
      'same hospital and unit',
      {},
      { occurredAt: minutes(-5) },
      ['same_facility', 'same_unit', 'close_in_time'],
    ],
    [
      'same hospital, exactly at the window’s edge',
      {},
      { unitId: 'u-ward', occurredAt: minutes(30) },
      ['same_facility', 'close_in_time'],
    ],
    ['same hospital, a minute past the window', {}, { occurredAt: minutes(31) }, null],
    ['another hospital at the same time', {}, { facilityId: 'f-other', unitId: null }, null],
    [
      'ambulance calls of one team',
      call({}),
      call({ occurredAt: minutes(12) }),
      ['same_unit', 'close_in_time'],
    ],
    [
      'ambulance calls of two teams 150 m apart',
      call({ lat: 43.238, lon: 76.945 }),
      call({ unitId: 'u-team-2', ...NEAR }),
      ['nearby_address', 'close_in_time'],
    ],
    [
      'ambulance calls of two teams 400 m apart',
      call({ lat: 43.238, lon: 76.945 }),
      call({ unitId: 'u-team-2', ...FAR }),
      null,
    ],
    [
      'ambulance calls of two teams of one substation, no coordinates',
      call({}),
      call({ unitId: 'u-team-2' }),
      null,
    ],
    [
      'an ambulance call near a hospital report',
      { lat: 43.238, lon: 76.945 },
      call({ ...NEAR }),
      ['nearby_address', 'close_in_time'],
    ],
  ])('%s', (_case, a, b, codes) => {
    const reasons = relatedReasons({ ...base, ...a }, other(b), 30);
    expect(reasons?.map((r) => r.code) ?? null).toEqual(codes);
  });

  it('says how many minutes and metres apart', () => {
    const reasons = relatedReasons(
      { ...base, ...call({ lat: 43.238, lon: 76.945 }) },
      other(call({ unitId: 'u-team-2', ...NEAR, occurredAt: minutes(-7) })),
      30,
    );
    expect(reasons).toEqual([
      { code: 'nearby_address', metres: 150 },
      { code: 'close_in_time', minutes: 7 },
    ]);
  });

  it('measures distances on the Earth’s surface', () => {
    expect(Math.round(metresBetween({ lat: 43.238, lon: 76.945 }, NEAR))).toBe(150);
    expect(Math.round(metresBetween({ lat: 0, lon: 0 }, { lat: 0, lon: 1 }) / 1000)).toBe(111);
  });
});
