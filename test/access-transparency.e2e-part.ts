import { DEMO_IDS } from '../seeds/demo';
import { seedId } from '../seeds/seed-ids';
import { eventually, startAlertStack } from './support/alert-stack';
import { uploadFootage } from './support/footage';
import { CENTRAL, fileIncident, report } from './support/incidents';
import { mp4 } from './support/media';
import { alertStream } from './support/sse-client';
import { bearer, listenOnLoopback, TestApp } from './support/test-app';

interface AccessRow {
  at: string;
  role: string;
  name: string | null;
  policePostId: string | null;
  what: string;
}

const OTHER_FACILITY = seedId('facility:almaty:gkb:1');
const PASSWORD = 'Transparency-ledger-2026!';

describe('access transparency', () => {
  let t: TestApp;
  let close: () => Promise<void>;
  let nurse: string;
  let safety: string;
  let police: string;
  let ministry: string;
  let admin: string;
  /** A nurse of the same hospital who filed nothing of the reports read here. */
  let colleague: { id: string; token: string };
  let otherSafety: string;
  let nurseId: string;

  const accessLog = (token: string, incidentId: string) =>
    t.http().get(`/api/v1/incidents/${incidentId}/access-log`).set(bearer(token));
  const rowsOf = async (incidentId: string, token = nurse): Promise<AccessRow[]> => {
    const res = await accessLog(token, incidentId);
    expect(res.status).toBe(200);
    return res.body as AccessRow[];
  };

  async function makeUser(role: string, facilityId: string, fullName: string) {
    const email = `transparency-${Math.random().toString(36).slice(2, 10)}@example.kz`;
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ email, fullName, role, facilityId, password: PASSWORD });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, token: await t.login(email, PASSWORD) };
  }

  beforeAll(async () => {
    const stack = await startAlertStack();
    t = stack.api;
    close = stack.close;
    [nurse, safety, police, ministry, admin] = await t.loginAll(
      'nurse',
      'safety',
      'police',
      'ministry',
      'admin',
    );
    nurseId = (await t.http().get('/api/v1/auth/me').set(bearer(nurse))).body.id;
    colleague = await makeUser('staff', CENTRAL, 'Transparency Colleague');
    otherSafety = (await makeUser('facility_admin', OTHER_FACILITY, 'Other Safety Officer')).token;
  }, 60_000);
  afterAll(async () => {
    await close();
  });

  describe('GET /incidents/:id/access-log', () => {
    it("shows the reporter a police officer's read of the report by name and post", async () => {
      const { id } = await fileIncident(t);
      expect((await t.http().get(`/api/v1/incidents/${id}`).set(bearer(police))).status).toBe(200);

      const rows = await rowsOf(id);
      expect(rows).toEqual([
        {
          at: expect.any(String),
          role: 'police',
          name: 'Demo Officer',
          policePostId: DEMO_IDS.centralPost,
          what: 'report',
        },
      ]);
      // The facility's admin and the operator see the same list.
      expect(await rowsOf(id, safety)).toEqual(rows);
      expect(await rowsOf(id, admin)).toEqual(rows);
    });

    it('leaves out the reporter’s own reads and names facility admins and admins who read it', async () => {
      const { id } = await fileIncident(t);
      await t.http().get(`/api/v1/incidents/${id}`).set(bearer(nurse));
      await t.http().get(`/api/v1/incidents/${id}`).set(bearer(safety));
      await t.http().get(`/api/v1/incidents/${id}`).set(bearer(admin));
      const rows = await rowsOf(id);
      expect(rows.map((r) => [r.role, r.name, r.policePostId])).toEqual([
        ['admin', 'Demo Operator', null],
        ['facility_admin', 'Demo Safety Officer', null],
      ]);
      expect(Date.parse(rows[0].at)).toBeGreaterThanOrEqual(Date.parse(rows[1].at));
    });

    it('lists each of dozens of concurrent reads, newest first', async () => {
      const { id } = await fileIncident(t);
      const reads = await Promise.all(
        Array.from({ length: 30 }, () =>
          t.http().get(`/api/v1/incidents/${id}`).set(bearer(police)),
        ),
      );
      expect(reads.map((r) => r.status)).toEqual(Array(30).fill(200));
      const rows = await rowsOf(id);
      expect(rows).toHaveLength(30);
      expect(rows.every((r) => r.name === 'Demo Officer' && r.what === 'report')).toBe(true);
      const times = rows.map((r) => Date.parse(r.at));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('refuses another facility’s admin and a staff member who is not the reporter (404), police and the ministry (403)', async () => {
      const { id } = await fileIncident(t);
      expect((await accessLog(otherSafety, id)).status).toBe(404);
      expect((await accessLog(colleague.token, id)).status).toBe(404);
      expect((await accessLog(police, id)).status).toBe(403);
      expect((await accessLog(ministry, id)).status).toBe(403);
      expect((await t.http().get(`/api/v1/incidents/${id}/access-log`)).status).toBe(401);
      expect((await accessLog(admin, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await accessLog(admin, 'not-a-uuid')).status).toBe(400);
    });

    it('reads the audit log for one report through its index', async () => {
      const plan = await t.db.transaction(async (m) => {
        await m.query('SET LOCAL enable_seqscan = off');
        const rows = (await m.query(
          `EXPLAIN SELECT seq FROM audit_log
            WHERE details ? 'incidentIds' AND details -> 'incidentIds' @> $1::jsonb`,
          [JSON.stringify([DEMO_IDS.centralHospital])],
        )) as Array<{ 'QUERY PLAN': string }>;
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      expect(plan).toContain('audit_log_read_incidents_idx');
    });
  });

  describe('every read of personal data is on the audit log', () => {
    it('lists, footage, alert lists and the console stream show up in the access log of the report they carried', async () => {
      const base = await listenOnLoopback(t);
      const consoleStream = alertStream(base, police);
      await consoleStream.open();
      const { id } = await fileIncident(t, {
        place: {
          kind: 'admission_department',
          address: 'Abay 150, flat 12',
          lat: 43.24,
          lon: 76.9,
        },
      });
      await consoleStream.waitFor(1);
      const upload = await uploadFootage(t, nurse, mp4(2048), 'phone.mp4', { incidentId: id });
      expect(upload.status).toBe(201);
      const footageId = upload.body.id as string;

      const list = await t.http().get('/api/v1/incidents?limit=100').set(bearer(police));
      expect(list.body.items.map((i: { id: string }) => i.id)).toContain(id);
      expect((await t.http().get('/api/v1/alerts').set(bearer(police))).status).toBe(200);
      expect((await t.http().get(`/api/v1/footage/${footageId}`).set(bearer(police))).status).toBe(
        200,
      );
      expect(
        (await t.http().get(`/api/v1/footage/${footageId}/content`).set(bearer(police))).status,
      ).toBe(302);
      expect(
        (await t.http().get(`/api/v1/incidents/${id}/footage`).set(bearer(safety))).status,
      ).toBe(200);
      consoleStream.close();

      const rows = await eventually(
        () => rowsOf(id),
        (r) => r.length >= 6,
      );
      const what = (role: string) =>
        rows
          .filter((r) => r.role === role)
          .map((r) => r.what)
          .sort();
      expect(what('police')).toEqual(['alerts', 'console', 'footage', 'footage_content', 'list']);
      expect(what('facility_admin')).toEqual(['footage']);
    });

    it('audits the user list and a user’s account, naming the accounts read and no personal values', async () => {
      const list = await t.http().get(`/api/v1/users?facilityId=${CENTRAL}`).set(bearer(safety));
      expect(list.status).toBe(200);
      const one = await t.http().get(`/api/v1/users/${colleague.id}`).set(bearer(safety));
      expect(one.status).toBe(200);
      const entries = (await t.db.query(
        `SELECT action, details FROM audit_log WHERE action IN ('user.listed', 'user.viewed')
          AND actor_id = (SELECT id FROM users WHERE email = 'safety@demo.medguard.kz') ORDER BY seq`,
      )) as Array<{ action: string; details: { userIds?: string[]; role: string } }>;
      expect(entries.map((e) => e.action)).toEqual(['user.listed', 'user.viewed']);
      expect(entries[0].details.userIds).toEqual(
        expect.arrayContaining(list.body.items.map((u: { id: string }) => u.id)),
      );
      expect(entries[0].details.role).toBe('facility_admin');
      const text = JSON.stringify(entries);
      for (const u of list.body.items as Array<{ email: string; fullName: string }>) {
        expect(text).not.toContain(u.email);
        expect(text).not.toContain(u.fullName);
      }
    });
  });

  describe('GET /me/export', () => {
    it('gives a staff member their account, the reports they filed and the reports naming them, with history, as a file', async () => {
      const filed = await fileIncident(t, { narrative: 'Filed by the nurse herself.' });
      const named = await t
        .http()
        .post('/api/v1/incidents')
        .set(bearer(colleague.token))
        .send(
          report({
            narrative: 'A colleague reports the nurse was threatened.',
            victims: [
              { role: 'nurse', injury: 'none', userId: nurseId, fullName: 'Demo Nurse' },
              { role: 'orderly', injury: 'minor', fullName: 'Bystander Orderly Kassymov' },
            ],
          }),
        );
      expect(named.status).toBe(201);

      const res = await t.http().get('/api/v1/me/export').set(bearer(nurse));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="medguard-export-\d{4}-\d{2}-\d{2}\.json"$/,
      );
      const data = JSON.parse(res.text);
      expect(data.account).toMatchObject({
        id: nurseId,
        email: 'nurse@demo.medguard.kz',
        fullName: 'Demo Nurse',
        role: 'staff',
      });
      expect(res.text).not.toMatch(/passwordHash|password_hash|\$argon|\$scrypt|mfaSecret/i);
      const mine = data.reportsFiled.find((r: { id: string }) => r.id === filed.id);
      expect(mine).toMatchObject({
        narrative: 'Filed by the nurse herself.',
        history: [expect.objectContaining({ type: 'created' })],
      });
      const aboutMe = data.reportsNamingMe.find((r: { id: string }) => r.id === named.body.id);
      expect(aboutMe).toMatchObject({
        narrative: 'A colleague reports the nurse was threatened.',
        history: [expect.objectContaining({ type: 'created' })],
      });
      expect(aboutMe.victims[0]).toMatchObject({ userId: nurseId, fullName: 'Demo Nurse' });
      // Another person named in the same report is not the nurse's data.
      expect(res.text).not.toContain('Bystander Orderly Kassymov');
      expect(data.reportsFiled.map((r: { id: string }) => r.id)).not.toContain(named.body.id);

      // The read is audited: the colleague's report shows a staff member's export, unnamed.
      expect(await rowsOf(named.body.id, colleague.token)).toEqual([
        { at: expect.any(String), role: 'staff', name: null, policePostId: null, what: 'export' },
      ]);
    });

    it('answers dozens of exports at once, while others read, each on the audit log', async () => {
      const { id } = await fileIncident(t);
      const before = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'me.exported'`,
      );
      const answers = await Promise.all([
        ...Array.from({ length: 12 }, () => t.http().get('/api/v1/me/export').set(bearer(nurse))),
        ...Array.from({ length: 12 }, () => t.http().get('/api/v1/me/export').set(bearer(safety))),
        ...Array.from({ length: 12 }, () =>
          t.http().get(`/api/v1/incidents/${id}`).set(bearer(police)),
        ),
      ]);
      expect(answers.map((r) => r.status)).toEqual(Array(36).fill(200));
      const after = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'me.exported'`,
      );
      expect(after[0].n - before[0].n).toBe(24);
    });

    it('gives every signed-in role its own account, and nobody signed out anything', async () => {
      const res = await t.http().get('/api/v1/me/export').set(bearer(police));
      expect(res.status).toBe(200);
      const data = JSON.parse(res.text);
      expect(data.account).toMatchObject({ role: 'police', policePostId: DEMO_IDS.centralPost });
      expect(data.reportsFiled).toEqual([]);
      expect((await t.http().get('/api/v1/me/export')).status).toBe(401);
    });
  });
});
