import { EntityManager } from 'typeorm';
import { regionId } from './reference';
import { REGIONS } from './regions';
import { seededRandom, seedId } from './seed-ids';
import { insertIgnoring } from './seed-writer';

export interface NationalOptions {
  teams: number;
  admissionDepartments: number;
}

const TEAMS_PER_STATION = 10;
const HOSPITAL_MIX: Array<[string, number]> = [
  ['multi_profile_hospital', 0.7],
  ['children_hospital', 0.1],
  ['perinatal_centre', 0.1],
  ['maternity_hospital', 0.1],
];

/** Splits `total` over regions in proportion to population (largest-remainder rounding). */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0]);
  const remaining = total - counts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < remaining; k++) counts[order[k][1]]++;
  return counts;
}

/**
 * A national-scale synthetic directory for load and statistics tests, marked `is_demo`:
 * ambulance stations with `teams` teams (a body camera each) and `admissionDepartments`
 * hospitals with an admission department and recorder, spread by regional population, and a
 * duty desk in every region. Deterministic: running it twice adds nothing.
 */
export async function seedNational(
  m: EntityManager,
  options: NationalOptions,
): Promise<Record<string, number>> {
  const rnd = seededRandom(2100 + options.admissionDepartments);
  const weights = REGIONS.map((r) => r.populationM);
  const teamsByRegion = apportion(options.teams, weights);
  const hospitalsByRegion = apportion(options.admissionDepartments, weights);
  const facilities: Array<Record<string, unknown>> = [];
  const units: Array<Record<string, unknown>> = [];
  const devices: Array<Record<string, unknown>> = [];
  const desks: Array<Record<string, unknown>> = [];

  REGIONS.forEach((region, r) => {
    const rid = regionId(region.code);
    const place = () => ({
      lat: +(region.centre.lat + (rnd() - 0.5) * 0.6).toFixed(5),
      lon: +(region.centre.lon + (rnd() - 0.5) * 0.9).toFixed(5),
    });
    desks.push({
      id: seedId(`post:duty:${region.code}`),
      kind: 'duty_desk',
      name: `${region.nameEn} police duty desk`,
      region_id: rid,
      phone: '102',
      is_demo: true,
    });

    const stations = Math.ceil(teamsByRegion[r] / TEAMS_PER_STATION);
    for (let s = 0; s < stations; s++) {
      const facilityId = seedId(`national:${region.code}:ambulance:${s}`);
      const teamsHere = Math.min(TEAMS_PER_STATION, teamsByRegion[r] - s * TEAMS_PER_STATION);
      facilities.push({
        id: facilityId,
        region_id: rid,
        type: 'ambulance_station',
        name: `Synthetic ambulance station ${region.code}-${s + 1}`,
        address: `${region.centre.city}, synthetic address`,
        ...place(),
        staff_count: teamsHere * 12,
        is_demo: true,
      });
      for (let t = 0; t < teamsHere; t++) {
        const unitId = seedId(`national:${region.code}:ambulance:${s}:${t}`);
        units.push({
          id: unitId,
          facility_id: facilityId,
          kind: 'ambulance_team',
          name: `Team ${s + 1}-${t + 1}`,
          is_demo: true,
        });
        devices.push({
          id: seedId(`national:device:${region.code}:ambulance:${s}:${t}`),
          unit_id: unitId,
          kind: 'body_camera',
          serial_number: `SYN-BC-${region.code}-${s + 1}-${t + 1}`,
          model: 'Body camera',
          is_demo: true,
        });
      }
    }

    for (let h = 0; h < hospitalsByRegion[r]; h++) {
      let pick = rnd();
      const type =
        HOSPITAL_MIX.find(([, share]) => (pick -= share) < 0)?.[0] ?? 'multi_profile_hospital';
      const facilityId = seedId(`national:${region.code}:hospital:${h}`);
      const unitId = seedId(`national:${region.code}:hospital:${h}:admission`);
      facilities.push({
        id: facilityId,
        region_id: rid,
        type,
        name: `Synthetic ${type.replace(/_/g, ' ')} ${region.code}-${h + 1}`,
        address: `${region.centre.city}, synthetic address`,
        ...place(),
        staff_count: 250 + Math.floor(rnd() * 1200),
        is_demo: true,
      });
      units.push({
        id: unitId,
        facility_id: facilityId,
        kind: 'admission_department',
        name: `Admission department ${region.code}-${h + 1}`,
        is_demo: true,
      });
      devices.push({
        id: seedId(`national:device:${region.code}:hospital:${h}`),
        unit_id: unitId,
        kind: 'video_recorder',
        serial_number: `SYN-VR-${region.code}-${h + 1}`,
        model: 'Admission recorder',
        is_demo: true,
      });
    }
  });

  return {
    facilities: await insertIgnoring(m, 'facilities', facilities),
    dutyDesks: await insertIgnoring(m, 'police_posts', desks),
    units: await insertIgnoring(m, 'units', units),
    devices: await insertIgnoring(m, 'devices', devices),
  };
}
