import { randomBytes } from 'node:crypto';
import { Fixture } from './access-matrix';
import { CallerName } from './access-table';
import { AccessWorld, Identity, PLACES } from './access-world';
import { enableMfa } from './mfa';
import { bearer } from './test-app';

const PASSWORD = 'Matrix-account-2026!';
const SIGNED_IN_ROLES = ['staff', 'facility_admin', 'police', 'ministry', 'admin'];

/** Where an account of the role belongs on the caller's own side. */
function placement(role: string) {
  if (role === 'staff' || role === 'facility_admin') return { facilityId: PLACES.own.facility };
  if (role === 'police') return { policePostId: PLACES.own.post };
  return {};
}

/** A new account of the caller's role: its e-mail (none for callers without an account). */
async function newAccount(w: AccessWorld, caller: CallerName): Promise<string | null> {
  if (!SIGNED_IN_ROLES.includes(caller)) return null;
  const email = `matrix-account-${randomBytes(4).toString('hex')}@example.kz`;
  const created = await w.t
    .http()
    .post('/api/v1/users')
    .set(bearer(w.admin))
    .send({
      email,
      fullName: 'Matrix Account',
      role: caller,
      password: PASSWORD,
      ...placement(caller),
    });
  if (created.status !== 201) throw new Error(`creating an account failed: ${created.status}`);
  return email;
}

async function signedIn(w: AccessWorld, email: string): Promise<Identity> {
  const res = await w.t.http().post('/api/v1/auth/login').send({ email, password: PASSWORD });
  if (res.status !== 200) throw new Error(`signing in failed: ${res.status}`);
  return { api: bearer(res.body.accessToken), page: {} };
}

/** A new account of the caller's role, signed in: for cells that change the account itself. */
async function freshAccount(w: AccessWorld, caller: CallerName): Promise<Identity> {
  const email = await newAccount(w, caller);
  return email ? signedIn(w, email) : w.as[caller];
}

async function currentSessionId(w: AccessWorld, identity: Identity): Promise<string> {
  const res = await w.t.http().get('/api/v1/auth/sessions').set(identity.api);
  const current = (res.body as Array<{ id: string; current: boolean }>).find((s) => s.current);
  if (!current) throw new Error(`listing sessions failed: ${res.status}`);
  return current.id;
}

const NO_SUCH_SESSION = '00000000-0000-4000-8000-000000000000';

/** The cells' requests for one's own account: password, sessions, reset links, and their pages. */
export const ACCOUNT_FIXTURES: Record<string, Fixture> = {
  'POST /api/v1/auth/password': async (w, caller) => ({
    method: 'POST',
    path: '/api/v1/auth/password',
    identity: await freshAccount(w, caller),
    body: { currentPassword: PASSWORD, newPassword: 'Matrix-changed-2026!' },
    success: [204],
  }),
  'GET /api/v1/auth/sessions': async () => ({ method: 'GET', path: '/api/v1/auth/sessions' }),
  /**
   * Own row: a second session of a new account of the caller's role, ended from its first one.
   * Other row: a session of another new account, which the caller tries to end.
   */
  'DELETE /api/v1/auth/sessions/:id': async (w, caller, side) => {
    if (side === 'own') {
      const email = await newAccount(w, caller);
      if (!email) return { method: 'DELETE', path: `/api/v1/auth/sessions/${NO_SUCH_SESSION}` };
      const first = await signedIn(w, email);
      const second = await currentSessionId(w, await signedIn(w, email));
      return { method: 'DELETE', path: `/api/v1/auth/sessions/${second}`, identity: first };
    }
    const other = await signedIn(w, (await newAccount(w, 'staff'))!);
    return { method: 'DELETE', path: `/api/v1/auth/sessions/${await currentSessionId(w, other)}` };
  },
  'POST /api/v1/auth/password-reset': async (w) => {
    const user = await w.makeUser('own');
    const res = await w.t
      .http()
      .post(`/api/v1/users/${user.id}/password-reset`)
      .set(bearer(w.admin));
    if (res.status !== 201) throw new Error(`issuing a reset link failed: ${res.status}`);
    return {
      method: 'POST',
      path: '/api/v1/auth/password-reset',
      body: { token: new URL(res.body.url).hash.slice(1), newPassword: 'Matrix-reset-2026!' },
    };
  },
  'POST /api/v1/users/:id/password-reset': async (w, _c, side) => ({
    method: 'POST',
    path: `/api/v1/users/${(await w.makeUser(side)).id}/password-reset`,
  }),
  'DELETE /api/v1/users/:id/mfa': async (w, _c, side) => {
    const user = await w.makeUser(side);
    await enableMfa(w.t, user.token);
    return { method: 'DELETE', path: `/api/v1/users/${user.id}/mfa` };
  },
  'GET /account': async () => ({ method: 'GET', path: '/account', via: 'page', success: [200] }),
  'GET /facility/staff': async () => ({
    method: 'GET',
    path: '/facility/staff',
    via: 'page',
    success: [200],
  }),
  'GET /facility/devices': async () => ({
    method: 'GET',
    path: '/facility/devices',
    via: 'page',
    success: [200],
  }),
  'GET /password-reset': async () => ({
    method: 'GET',
    path: '/password-reset',
    via: 'page',
    success: [200],
  }),
};
