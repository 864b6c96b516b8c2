import { DEMO_IDS } from '../../seeds/demo';
import { bearer, TestApp } from './test-app';

let serial = 0;
/** An e-mail address no other test uses. */
export const uniqueEmail = (what: string) => `${what}-${Date.now()}-${serial++}@example.kz`;

export interface Account {
  id: string;
  email: string;
  password: string;
  token: string;
}

/** A new account made by the admin (a staff member of the central hospital unless told), signed in. */
export async function makeAccount(
  t: TestApp,
  admin: string,
  over: Record<string, unknown> = {},
): Promise<Account> {
  const body = {
    email: uniqueEmail('person'),
    fullName: 'Test Person',
    role: 'staff',
    facilityId: DEMO_IDS.centralHospital,
    password: 'First-password-2026',
    ...over,
  };
  const res = await t.http().post('/api/v1/users').set(bearer(admin)).send(body);
  expect(res.status).toBe(201);
  return {
    id: res.body.id,
    email: body.email as string,
    password: body.password as string,
    token: await t.login(body.email as string, body.password as string),
  };
}

/** The audit entries of one action on one record, oldest first. */
export function auditOf(t: TestApp, action: string, entityId: string) {
  return t.db.query(
    `SELECT actor_id, details FROM audit_log WHERE action = $1 AND entity_id = $2 ORDER BY seq`,
    [action, entityId],
  ) as Promise<Array<{ actor_id: string; details: Record<string, unknown> }>>;
}
