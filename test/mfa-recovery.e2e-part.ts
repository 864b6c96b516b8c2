import { randomBytes } from 'node:crypto';
import { DEMO_IDS } from '../seeds/demo';
import { enableMfa, freshUser, FreshUser } from './support/mfa';
import { bearer, startTestApp, TestApp } from './support/test-app';

/** Someone who lost their authenticator and their recovery codes gets back in through an admin. */
describe('a lost authenticator: DELETE /users/:id/mfa', () => {
  let t: TestApp;
  let admin: string;
  let safety: string;
  let otherSafety: string;

  beforeAll(async () => {
    t = await startTestApp({ MFA_REQUIRED_ROLES: 'police' });
    admin = await t.login('admin@demo.medguard.kz');
    safety = await t.login('safety@demo.medguard.kz');
    const email = `safety-${randomBytes(4).toString('hex')}@example.kz`;
    const made = await t.http().post('/api/v1/users').set(bearer(admin)).send({
      email,
      password: 'Other-safety-2026!',
      fullName: 'Other Safety',
      role: 'facility_admin',
      facilityId: DEMO_IDS.karagandaHospital,
    });
    expect(made.status).toBe(201);
    otherSafety = await t.login(email, 'Other-safety-2026!');
  });
  afterAll(() => t.close());

  const signIn = (u: FreshUser) =>
    t.http().post('/api/v1/auth/login').send({ email: u.email, password: u.password });
  const reset = (id: string, token: string) =>
    t.http().delete(`/api/v1/users/${id}/mfa`).set(bearer(token));
  const me = (token: string) => t.http().get('/api/v1/auth/me').set(bearer(token));

  it('lets the facility admin turn a staff member’s MFA off: every session of theirs ends, the password alone signs in again', async () => {
    const nurse = await freshUser(t);
    await enableMfa(t, nurse.token);
    expect((await signIn(nurse)).body).toMatchObject({ mfaRequired: true });

    expect((await reset(nurse.id, safety)).status).toBe(204);

    expect((await me(nurse.token)).status).toBe(401);
    const again = await signIn(nurse);
    expect(again.status).toBe(200);
    expect(again.body.user).toMatchObject({ mfaEnabled: false, mfaSetupRequired: false });
    const [entry] = await t.db.query(
      `SELECT actor_id, details FROM audit_log WHERE action = 'user.mfa_reset' AND entity_id = $1`,
      [nurse.id],
    );
    expect(entry.actor_id).toBe((await me(safety)).body.id);
    // The person sets it up anew.
    await enableMfa(t, again.body.accessToken);
    expect((await signIn(nurse)).body).toMatchObject({ mfaRequired: true });
  });

  it('holds an officer whose role requires MFA at the set-up step after an admin reset it', async () => {
    const officer = await freshUser(t, 'police');
    await enableMfa(t, officer.token);
    // An officer is no account of the facility: to its admin the officer is unknown.
    expect((await reset(officer.id, safety)).status).toBe(404);
    expect((await reset(officer.id, admin)).status).toBe(204);
    const again = await signIn(officer);
    expect(again.status).toBe(200);
    expect(again.body.user).toMatchObject({ mfaEnabled: false, mfaSetupRequired: true });
    const blocked = await t.http().get('/api/v1/alerts').set(bearer(again.body.accessToken));
    expect(blocked.status).toBe(403);
    expect(blocked.body).toMatchObject({ mfaSetupRequired: true });
  });

  it('refuses everyone else: another facility’s admin (404), staff and police (403), one’s own account (403), an account without MFA (409)', async () => {
    const nurse = await freshUser(t);
    await enableMfa(t, nurse.token);
    const colleague = await freshUser(t);
    const officer = await t.login('police@demo.medguard.kz');
    expect((await reset(nurse.id, otherSafety)).status).toBe(404);
    expect((await reset(nurse.id, colleague.token)).status).toBe(403);
    expect((await reset(nurse.id, officer)).status).toBe(403);
    expect((await reset(nurse.id, nurse.token)).status).toBe(403);
    expect((await reset((await me(admin)).body.id, admin)).status).toBe(403);
    expect((await reset(colleague.id, safety)).status).toBe(409);
    expect((await t.http().delete(`/api/v1/users/${nurse.id}/mfa`)).status).toBe(401);
    // Nothing was turned off by the refusals.
    expect((await signIn(nurse)).body).toMatchObject({ mfaRequired: true });
  });

  it('turns it off once when ten admins press at the same moment', async () => {
    const nurse = await freshUser(t);
    await enableMfa(t, nurse.token);
    const answers = await Promise.all(Array.from({ length: 10 }, () => reset(nurse.id, admin)));
    expect(answers.map((a) => a.status).sort()).toEqual([204, ...Array(9).fill(409)]);
    const entries = await t.db.query(
      `SELECT 1 FROM audit_log WHERE action = 'user.mfa_reset' AND entity_id = $1`,
      [nurse.id],
    );
    expect(entries).toHaveLength(1);
  });

  it('ends every other session of the account when MFA is turned on', async () => {
    const nurse = await freshUser(t);
    const elsewhere = (await signIn(nurse)).body.accessToken as string;
    expect((await me(elsewhere)).status).toBe(200);
    await enableMfa(t, nurse.token);
    expect((await me(elsewhere)).status).toBe(401);
    expect((await me(nurse.token)).status).toBe(200);
  });
});
