import { randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import { DEMO_IDS } from '../../seeds/demo';
import { bearer, TestApp } from './test-app';

/** The six-digit code an authenticator app shows for this secret at this moment (ms since the epoch). */
export function totpAt(secret: string, atMs: number): Promise<string> {
  return generate({ secret, epoch: Math.floor(atMs / 1000) });
}

export const STEP_MS = 30_000;

/** The middle of a time step well ahead of now, so a test has 15 s either way before it ends. */
export function midStep(stepsAhead = 10): number {
  return (Math.floor(Date.now() / STEP_MS) + stepsAhead) * STEP_MS + STEP_MS / 2;
}

export interface FreshUser {
  id: string;
  email: string;
  password: string;
  token: string;
}

const PLACEMENT: Record<string, object> = {
  staff: { facilityId: DEMO_IDS.centralHospital },
  facility_admin: { facilityId: DEMO_IDS.centralHospital },
  police: { policePostId: DEMO_IDS.centralPost },
  ministry: {},
  admin: {},
};

/** A new account of the role, made by the demo admin, signed in (password only). */
export async function freshUser(t: TestApp, role = 'staff'): Promise<FreshUser> {
  const email = `mfa-${randomBytes(5).toString('hex')}@example.kz`;
  const password = 'Mfa-test-pass-2026!';
  const admin = await t.login('admin@demo.medguard.kz');
  const created = await t
    .http()
    .post('/api/v1/users')
    .set(bearer(admin))
    .send({ email, password, fullName: 'Mfa Tester', role, ...PLACEMENT[role] });
  if (created.status !== 201)
    throw new Error(`creating a ${role} failed: ${created.status} ${JSON.stringify(created.body)}`);
  const login = await t.http().post('/api/v1/auth/login').send({ email, password });
  if (login.status !== 200)
    throw new Error(`signing in failed: ${login.status} ${JSON.stringify(login.body)}`);
  return { id: created.body.id, email, password, token: login.body.accessToken };
}

/** Sets MFA up for the user with the code of `atMs`; answers the secret and the recovery codes. */
export async function enableMfa(
  t: TestApp,
  token: string,
  atMs = Date.now(),
): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await t.http().post('/api/v1/auth/mfa/setup').set(bearer(token));
  if (setup.status !== 200)
    throw new Error(`MFA setup failed: ${setup.status} ${JSON.stringify(setup.body)}`);
  const secret = setup.body.secret as string;
  const confirm = await t
    .http()
    .post('/api/v1/auth/mfa/confirm')
    .set(bearer(token))
    .send({ code: await totpAt(secret, atMs) });
  if (confirm.status !== 200)
    throw new Error(`MFA confirm failed: ${confirm.status} ${JSON.stringify(confirm.body)}`);
  return { secret, recoveryCodes: confirm.body.recoveryCodes };
}
