import { EntityManager } from 'typeorm';
import { regionId } from './reference';
import { seededRandom, seedId } from './seed-ids';
import { insertIgnoring } from './seed-writer';

/**
 * Demo directory for Almaty, marked `is_demo`: 36 round-the-clock police posts in hospitals in the
 * announced proportions (23 multi-profile, 5 children's, 5 perinatal centres, 3 maternity; the
 * first already open in the Central City Clinical Hospital), the city duty desk, the city
 * ambulance substations with teams and body cameras, admission departments with recorders, and
 * polyclinics without a post of their own. Facility names other than the Central City Clinical
 * Hospital are illustrative.
 */
const ALMATY = { lat: 43.2389, lon: 76.8897 };

interface DemoFacility {
  key: string;
  type: string;
  name: string;
  staff: number;
}

function almatyHospitals(): DemoFacility[] {
  const list: DemoFacility[] = [
    {
      key: 'almaty:cgkb',
      type: 'multi_profile_hospital',
      name: 'Central City Clinical Hospital',
      staff: 1650,
    },
  ];
  for (let i = 1; i <= 22; i++) {
    list.push({
      key: `almaty:gkb:${i}`,
      type: 'multi_profile_hospital',
      name: `City Clinical Hospital No. ${i}`,
      staff: 700 + ((i * 137) % 900),
    });
  }
  for (let i = 1; i <= 5; i++) {
    list.push({
      key: `almaty:children:${i}`,
      type: 'children_hospital',
      name: `City Children's Hospital No. ${i}`,
      staff: 450 + i * 60,
    });
    list.push({
      key: `almaty:perinatal:${i}`,
      type: 'perinatal_centre',
      name: `Perinatal Centre No. ${i}`,
      staff: 380 + i * 45,
    });
  }
  for (let i = 1; i <= 3; i++) {
    list.push({
      key: `almaty:maternity:${i}`,
      type: 'maternity_hospital',
      name: `Maternity Hospital No. ${i}`,
      staff: 320 + i * 40,
    });
  }
  return list;
}

const SUBSTATIONS = 4;
const TEAMS_PER_SUBSTATION = 6;
const POLYCLINICS = 3;

export const DEMO_IDS = {
  centralHospital: seedId('facility:almaty:cgkb'),
  centralPost: seedId('post:almaty:cgkb'),
  almatyDutyDesk: seedId('post:duty:KZ-75'),
  nationalDutyDesk: seedId('post:duty:national'),
  substation1: seedId('facility:almaty:ambulance:1'),
  karagandaHospital: seedId('facility:karaganda:regional'),
  karagandaDutyDesk: seedId('post:duty:KZ-35'),
};

export interface DemoUserSeed {
  email: string;
  password: string;
  fullName: string;
  role: string;
  facilityId: string | null;
  policePostId: string | null;
  locale: string;
  note: string;
}

/** One demo account per role (plus a paramedic and a duty-desk officer); passwords are in the README. */
export const DEMO_USERS: DemoUserSeed[] = [
  {
    email: 'admin@demo.medguard.kz',
    password: 'Admin-demo-2026!',
    fullName: 'Demo Operator',
    role: 'admin',
    facilityId: null,
    policePostId: null,
    locale: 'en',
    note: 'system operator',
  },
  {
    email: 'nurse@demo.medguard.kz',
    password: 'Staff-demo-2026!',
    fullName: 'Demo Nurse',
    role: 'staff',
    facilityId: DEMO_IDS.centralHospital,
    policePostId: null,
    locale: 'ru',
    note: 'nurse, Central City Clinical Hospital',
  },
  {
    email: 'paramedic@demo.medguard.kz',
    password: 'Staff-demo-2026!',
    fullName: 'Demo Paramedic',
    role: 'staff',
    facilityId: DEMO_IDS.substation1,
    policePostId: null,
    locale: 'kk',
    note: 'paramedic, ambulance substation No. 1',
  },
  {
    email: 'safety@demo.medguard.kz',
    password: 'Facility-demo-2026!',
    fullName: 'Demo Safety Officer',
    role: 'facility_admin',
    facilityId: DEMO_IDS.centralHospital,
    policePostId: null,
    locale: 'ru',
    note: 'facility admin, Central City Clinical Hospital',
  },
  {
    email: 'police@demo.medguard.kz',
    password: 'Police-demo-2026!',
    fullName: 'Demo Officer',
    role: 'police',
    facilityId: null,
    policePostId: DEMO_IDS.centralPost,
    locale: 'ru',
    note: 'officer, police post at the Central City Clinical Hospital',
  },
  {
    email: 'dutydesk@demo.medguard.kz',
    password: 'Police-demo-2026!',
    fullName: 'Demo Duty Officer',
    role: 'police',
    facilityId: null,
    policePostId: DEMO_IDS.almatyDutyDesk,
    locale: 'ru',
    note: 'officer, Almaty city duty desk',
  },
  {
    email: 'ministry@demo.medguard.kz',
    password: 'Ministry-demo-2026!',
    fullName: 'Demo Analyst',
    role: 'ministry',
    facilityId: null,
    policePostId: null,
    locale: 'kk',
    note: 'analyst, Ministry of Health',
  },
];

export async function seedDemo(
  m: EntityManager,
  hashPassword: (password: string) => Promise<string>,
): Promise<Record<string, number>> {
  const rnd = seededRandom(158);
  const near = (spread: number) => ({
    lat: +(ALMATY.lat + (rnd() - 0.5) * spread).toFixed(5),
    lon: +(ALMATY.lon + (rnd() - 0.5) * spread * 1.4).toFixed(5),
  });
  const almaty = regionId('KZ-75');
  const karaganda = regionId('KZ-35');
  const hospitals = almatyHospitals();

  const facilities = [
    ...hospitals.map((h, i) => ({
      id: seedId(`facility:${h.key}`),
      region_id: almaty,
      type: h.type,
      name: h.name,
      address: `Almaty, demo address ${i + 1}`,
      ...near(0.12),
      staff_count: h.staff,
      is_demo: true,
    })),
    ...Array.from({ length: SUBSTATIONS }, (_, i) => ({
      id: seedId(`facility:almaty:ambulance:${i + 1}`),
      region_id: almaty,
      type: 'ambulance_station',
      name: `City Ambulance Station, Substation No. ${i + 1}`,
      address: `Almaty, demo address ${100 + i}`,
      ...near(0.12),
      staff_count: 160 + i * 20,
      is_demo: true,
    })),
    ...Array.from({ length: POLYCLINICS }, (_, i) => ({
      id: seedId(`facility:almaty:polyclinic:${i + 1}`),
      region_id: almaty,
      type: 'polyclinic',
      name: `City Polyclinic No. ${i + 1}`,
      address: `Almaty, demo address ${200 + i}`,
      ...near(0.12),
      staff_count: 220 + i * 30,
      is_demo: true,
    })),
    {
      id: DEMO_IDS.karagandaHospital,
      region_id: karaganda,
      type: 'multi_profile_hospital',
      name: 'Karaganda Regional Clinical Hospital',
      address: 'Karaganda, demo address 1',
      lat: 49.8047,
      lon: 73.1094,
      staff_count: 1200,
      is_demo: true,
    },
  ];

  const posts = [
    ...hospitals.map((h) => ({
      id: seedId(`post:${h.key}`),
      kind: 'post',
      name: `Police post — ${h.name}`,
      region_id: almaty,
      phone: '102',
      is_demo: true,
    })),
    {
      id: DEMO_IDS.almatyDutyDesk,
      kind: 'duty_desk',
      name: 'Almaty city police duty desk',
      region_id: almaty,
      phone: '102',
      is_demo: true,
    },
    {
      id: DEMO_IDS.karagandaDutyDesk,
      kind: 'duty_desk',
      name: 'Karaganda region police duty desk',
      region_id: karaganda,
      phone: '102',
      is_demo: true,
    },
    {
      id: DEMO_IDS.nationalDutyDesk,
      kind: 'duty_desk',
      name: 'National police duty desk',
      region_id: null,
      phone: '102',
      is_demo: true,
    },
  ];
  const coverage = hospitals.map((h) => ({
    police_post_id: seedId(`post:${h.key}`),
    facility_id: seedId(`facility:${h.key}`),
  }));

  const units: Array<Record<string, unknown>> = [];
  const devices: Array<Record<string, unknown>> = [];
  hospitals.forEach((h, i) => {
    const unitId = seedId(`unit:${h.key}:admission`);
    units.push({
      id: unitId,
      facility_id: seedId(`facility:${h.key}`),
      kind: 'admission_department',
      name: `Admission department — ${h.name}`,
      is_demo: true,
    });
    devices.push({
      id: seedId(`device:${h.key}:recorder`),
      unit_id: unitId,
      kind: 'video_recorder',
      serial_number: `DEMO-VR-ALA-${String(i + 1).padStart(4, '0')}`,
      model: 'Admission recorder',
      is_demo: true,
    });
  });
  for (let s = 1; s <= SUBSTATIONS; s++) {
    for (let t = 1; t <= TEAMS_PER_SUBSTATION; t++) {
      const unitId = seedId(`unit:almaty:ambulance:${s}:${t}`);
      units.push({
        id: unitId,
        facility_id: seedId(`facility:almaty:ambulance:${s}`),
        kind: 'ambulance_team',
        name: `Team ${s}-${String(t).padStart(2, '0')}`,
        is_demo: true,
      });
      devices.push({
        id: seedId(`device:almaty:ambulance:${s}:${t}`),
        unit_id: unitId,
        kind: 'body_camera',
        serial_number: `DEMO-BC-ALA-${s}${String(t).padStart(3, '0')}`,
        model: 'Body camera',
        is_demo: true,
      });
    }
  }
  const karagandaUnit = seedId('unit:karaganda:regional:admission');
  units.push({
    id: karagandaUnit,
    facility_id: DEMO_IDS.karagandaHospital,
    kind: 'admission_department',
    name: 'Admission department — Karaganda Regional Clinical Hospital',
    is_demo: true,
  });
  devices.push({
    id: seedId('device:karaganda:regional:recorder'),
    unit_id: karagandaUnit,
    kind: 'video_recorder',
    serial_number: 'DEMO-VR-KAR-0001',
    model: 'Admission recorder',
    is_demo: true,
  });

  const counts: Record<string, number> = {};
  counts.facilities = await insertIgnoring(m, 'facilities', facilities);
  counts.policePosts = await insertIgnoring(m, 'police_posts', posts);
  counts.coverage = await insertIgnoring(m, 'police_post_facilities', coverage);
  counts.units = await insertIgnoring(m, 'units', units);
  counts.devices = await insertIgnoring(m, 'devices', devices);

  const existing = new Set(
    (
      (await m.query('SELECT lower(email) AS email FROM users WHERE lower(email) = ANY($1)', [
        DEMO_USERS.map((u) => u.email.toLowerCase()),
      ])) as Array<{ email: string }>
    ).map((r) => r.email),
  );
  const newUsers = [];
  for (const u of DEMO_USERS.filter((d) => !existing.has(d.email.toLowerCase()))) {
    newUsers.push({
      id: seedId(`user:${u.email}`),
      email: u.email,
      password_hash: await hashPassword(u.password),
      full_name: u.fullName,
      role: u.role,
      facility_id: u.facilityId,
      police_post_id: u.policePostId,
      locale: u.locale,
      is_demo: true,
    });
  }
  counts.users = await insertIgnoring(m, 'users', newUsers);
  return counts;
}
