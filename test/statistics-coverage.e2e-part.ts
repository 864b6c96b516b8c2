import {
  ALMATY,
  ASTANA,
  IncidentWriter,
  POLYCLINIC,
  startStatisticsApp,
} from './support/statistics';
import { bearer, TestApp } from './support/test-app';

describe('police post coverage', () => {
  let t: TestApp;
  let ministry: string;
  let incident: IncidentWriter;

  beforeAll(async () => {
    ({ t, incident } = await startStatisticsApp());
    ministry = await t.login('ministry@demo.medguard.kz');
    // One March incident in the Astana polyclinic, which no police post covers.
    await incident({ facility: POLYCLINIC, at: '2026-03-05T09:00:00+05:00', category: 'assault' });
  });
  afterAll(() => t.close());

  it('reports facilities with and without a covering police post, with their incidents', async () => {
    const res = await t
      .http()
      .get('/api/v1/stats/coverage?from=2026-03&to=2026-03&lang=en')
      .set(bearer(ministry));
    expect(res.status).toBe(200);
    const astana = res.body.rows.find((r: { regionId: string }) => r.regionId === ASTANA);
    expect(astana).toMatchObject({
      facilityType: 'polyclinic',
      facilities: 1,
      covered: 0,
      uncovered: 1,
      incidents: 1,
    });
    expect(res.body.uncoveredFacilities).toContainEqual(
      expect.objectContaining({ id: POLYCLINIC, name: 'Astana test polyclinic', incidents: 1 }),
    );
    const hospitals = res.body.rows.find(
      (r: { regionId: string; facilityType: string }) =>
        r.regionId === ALMATY && r.facilityType === 'multi_profile_hospital',
    );
    expect(hospitals.covered).toBeGreaterThan(0);
    expect(JSON.stringify(res.body)).not.toMatch(/address/i);
  });
});
