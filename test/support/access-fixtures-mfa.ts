import { randomBytes } from 'node:crypto';
import { DEMO_IDS } from '../../seeds/demo';
import { Fixture } from './access-matrix';
import { CallerName } from './access-table';
import { AccessWorld, Identity } from './access-world';
import { totpAt } from './mfa';
import { bearer } from './test-app';

const PLACEMENT: Partial<Record<CallerName, object>> = {
  staff: { facilityId: DEMO_IDS.centralHospital },
  facility_admin: { facilityId: DEMO_IDS.centralHospital },
  police: { policePostId: DEMO_IDS.centralPost },
  ministry: {},
  admin: {},
};

/**
 * A new account of the caller's role with a pending secret (and MFA on, with `enable`), so turning
 * it on or off never touches the demo accounts every other cell signs in with. Device gateways and
 * nobody signed in call as themselves.
 */
async function ownAccount(
  w: AccessWorld,
  caller: CallerName,
  enable: boolean,
): Promise<{ identity: Identity; secret: string; recoveryCodes: string[] }> {
  const placement = PLACEMENT[caller];
  if (!placement) return { identity: w.as[caller], secret: '', recoveryCodes: [] };
  const email = `matrix-mfa-${randomBytes(4).toString('hex')}@example.kz`;
  const password = 'Matrix-pass-2026!';
  await w.byAdmin(
    '/api/v1/users',
    { email, password, fullName: 'Matrix Mfa', role: caller, ...placement },
    'an account',
  );
  const token = await w.t.login(email, password);
  const setup = await w.t.http().post('/api/v1/auth/mfa/setup').set(bearer(token));
  const secret = setup.body.secret as string;
  let recoveryCodes: string[] = [];
  if (enable) {
    const confirmed = await w.t
      .http()
      .post('/api/v1/auth/mfa/confirm')
      .set(bearer(token))
      .send({ code: await totpAt(secret, Date.now()) });
    if (confirmed.status !== 200) throw new Error(`confirming MFA failed: ${confirmed.status}`);
    recoveryCodes = confirmed.body.recoveryCodes;
  }
  return { identity: { api: bearer(token), page: {} }, secret, recoveryCodes };
}

/** The cells' requests for multi-factor sign-in of one's own account. */
export const MFA_FIXTURES: Record<string, Fixture> = {
  'GET /account/mfa': async () => ({
    method: 'GET',
    path: '/account/mfa',
    via: 'page',
    success: [200],
  }),
  'POST /api/v1/auth/mfa/setup': async () => ({ method: 'POST', path: '/api/v1/auth/mfa/setup' }),
  'POST /api/v1/auth/mfa/confirm': async (w, caller) => {
    const own = await ownAccount(w, caller, false);
    return {
      method: 'POST',
      path: '/api/v1/auth/mfa/confirm',
      identity: own.identity,
      body: { code: own.secret ? await totpAt(own.secret, Date.now()) : '123456' },
    };
  },
  'DELETE /api/v1/auth/mfa': async (w, caller) => {
    const own = await ownAccount(w, caller, true);
    return {
      method: 'DELETE',
      path: '/api/v1/auth/mfa',
      identity: own.identity,
      body: { code: own.recoveryCodes[0] ?? '123456' },
    };
  },
};
