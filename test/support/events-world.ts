import { randomBytes } from 'node:crypto';
import { seedId } from '../../seeds/seed-ids';
import { CENTRAL, report, SUBSTATION_1 } from './incidents';
import { bearer, startTestApp, TestApp } from './test-app';

export const OTHER_HOSPITAL = seedId('facility:almaty:gkb:1');
export const TEAM_1 = seedId('unit:almaty:ambulance:1:1');
export const TEAM_2 = seedId('unit:almaty:ambulance:1:2');
export const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString().replace('Z', '+00:00');

export function randomUuid(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Who takes part in the events specs: the demo users and accounts of the spec's own. */
export interface EventsPeople {
  t: TestApp;
  nurse: string;
  safety: string;
  police: string;
  dutyDesk: string;
  admin: string;
  ministry: string;
  doctor: { id: string; token: string };
  orderly: { id: string; token: string };
  nurseId: string;
  otherNurse: string;
  otherSafety: string;
  paramedic: string;
  paramedic2: string;
}

/**
 * One API for the spec file, its people signed in before the first test, and the calls the
 * events specs make; `people()` is there inside tests.
 */
export function eventsWorldPerFile() {
  let p: EventsPeople | undefined;
  const account = async (t: TestApp, admin: string, role: string, facilityId: string) => {
    const email = `ev-${randomBytes(4).toString('hex')}@example.kz`;
    const password = 'Events-pass-2026!';
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ email, fullName: `Test ${role}`, role, facilityId, password });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, token: await t.login(email, password) };
  };
  beforeAll(async () => {
    const t = await startTestApp();
    const [nurse, safety, police, dutyDesk, admin, ministry, paramedic] = await t.loginAll(
      'nurse',
      'safety',
      'police',
      'dutydesk',
      'admin',
      'ministry',
      'paramedic',
    );
    p = {
      t,
      nurse,
      safety,
      police,
      dutyDesk,
      admin,
      ministry,
      paramedic,
      nurseId: (await t.http().get('/api/v1/auth/me').set(bearer(nurse))).body.id,
      doctor: await account(t, admin, 'staff', CENTRAL),
      orderly: await account(t, admin, 'staff', CENTRAL),
      otherNurse: (await account(t, admin, 'staff', OTHER_HOSPITAL)).token,
      otherSafety: (await account(t, admin, 'facility_admin', OTHER_HOSPITAL)).token,
      paramedic2: (await account(t, admin, 'staff', SUBSTATION_1)).token,
    };
  }, 60_000);
  afterAll(() => p?.t.close());
  const people = () => p!;
  return {
    people,
    file: async (token: string, over: Record<string, unknown> = {}) => {
      const res = await p!.t.http().post('/api/v1/incidents').set(bearer(token)).send(report(over));
      expect(res.status).toBe(201);
      return res.body as { id: string; reference: string };
    },
    join: (token: string, id: string, body: Record<string, unknown>) =>
      p!.t.http().post(`/api/v1/incidents/${id}/event`).set(bearer(token)).send(body),
    leave: (token: string, id: string, body: Record<string, unknown> = {}) =>
      p!.t.http().delete(`/api/v1/incidents/${id}/event`).set(bearer(token)).send(body),
    related: (token: string, id: string) =>
      p!.t.http().get(`/api/v1/incidents/${id}/related`).set(bearer(token)),
    read: async (id: string) => {
      const res = await p!.t.http().get(`/api/v1/incidents/${id}`).set(bearer(p!.admin));
      expect(res.status).toBe(200);
      return res.body;
    },
    victimOf: (name: string, role = 'nurse', userId?: string) => ({
      role,
      injury: 'minor',
      fullName: name,
      ...(userId ? { userId } : {}),
    }),
  };
}
