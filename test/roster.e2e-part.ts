import { DEMO_IDS } from '../seeds/demo';
import { seedId } from '../seeds/seed-ids';
import { bearer, startTestApp, TestApp } from './support/test-app';

const CENTRAL_POST = DEMO_IDS.centralPost;
const OTHER_POST = seedId('post:almaty:gkb:1');
const PASSWORD = 'Officer-roster-2026!';
const HOUR = 3600_000;
const at = (ms: number) => new Date(ms).toISOString();

describe('officers and the duty roster', () => {
  let t: TestApp;
  let admin: string;
  let police: string;
  let nurse: string;
  let safety: string;
  let otherOfficer: string;
  let officerId: string;

  const officer = async (post: string, extra: Record<string, unknown> = {}) => {
    const email = `officer-${Math.random().toString(36).slice(2, 10)}@roster.test`;
    const res = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({
        email,
        fullName: 'Roster Officer',
        role: 'police',
        policePostId: post,
        password: PASSWORD,
        ...extra,
      });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, email };
  };
  const shifts = (token: string, post = CENTRAL_POST) =>
    t.http().post(`/api/v1/police-posts/${post}/shifts`).set(bearer(token));

  beforeAll(async () => {
    t = await startTestApp();
    [admin, police, nurse, safety] = await t.loginAll('admin', 'police', 'nurse', 'safety');
    const other = await officer(OTHER_POST);
    otherOfficer = await t.login(other.email, PASSWORD);
    officerId = (await officer(CENTRAL_POST, { phone: '+77011234567' })).id;
  });
  afterAll(() => t.close());

  describe('phones', () => {
    it('keeps an E.164 phone on the account and shows it to those who read the account', async () => {
      const res = await t.http().get(`/api/v1/users/${officerId}`).set(bearer(admin));
      expect(res.status).toBe(200);
      expect(res.body.phone).toBe('+77011234567');
    });

    it.each(['87011234567', '+7 701 123 45 67', '+0123456789', 'phone', '+7701123456789012'])(
      'refuses the phone %s with 400 naming phone, writing nothing',
      async (phone) => {
        const before = await t.db.query(`SELECT count(*)::int AS n FROM users`);
        const created = await t.http().post('/api/v1/users').set(bearer(admin)).send({
          email: 'x@roster.test',
          fullName: 'X',
          role: 'police',
          policePostId: CENTRAL_POST,
          password: PASSWORD,
          phone,
        });
        expect(created.status).toBe(400);
        expect(created.body.details).toEqual([expect.objectContaining({ field: 'phone' })]);
        const updated = await t
          .http()
          .patch(`/api/v1/users/${officerId}`)
          .set(bearer(admin))
          .send({ phone });
        expect(updated.status).toBe(400);
        expect(updated.body.details).toEqual([expect.objectContaining({ field: 'phone' })]);
        expect(await t.db.query(`SELECT count(*)::int AS n FROM users`)).toEqual(before);
      },
    );

    it('changes and removes a phone, and the audit log names the field, never the number', async () => {
      const id = (await officer(CENTRAL_POST)).id;
      let res = await t
        .http()
        .patch(`/api/v1/users/${id}`)
        .set(bearer(admin))
        .send({ phone: '+77017654321' });
      expect(res.status).toBe(200);
      expect(res.body.phone).toBe('+77017654321');
      res = await t.http().patch(`/api/v1/users/${id}`).set(bearer(admin)).send({ phone: null });
      expect(res.status).toBe(200);
      expect(res.body.phone).toBeNull();
      const audit = await t.db.query(
        `SELECT details::text AS d FROM audit_log WHERE entity_id = $1 AND action = 'user.updated'`,
        [id],
      );
      expect(audit.map((r: { d: string }) => r.d).join()).toContain('phone');
      expect(audit.map((r: { d: string }) => r.d).join()).not.toContain('7654321');
    });
  });

  describe('shifts', () => {
    const base = Date.now() + 30 * 24 * HOUR;

    it('adds, lists and removes a shift of an officer of the post, each change audited', async () => {
      const created = await shifts(police).send({
        userId: officerId,
        from: at(base),
        to: at(base + 12 * HOUR),
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        userId: officerId,
        from: at(base),
        to: at(base + 12 * HOUR),
      });
      const listed = await t
        .http()
        .get(
          `/api/v1/police-posts/${CENTRAL_POST}/shifts?from=${encodeURIComponent(at(base - HOUR))}&to=${encodeURIComponent(at(base + HOUR))}`,
        )
        .set(bearer(admin));
      expect(listed.status).toBe(200);
      expect(listed.body.map((s: { id: string }) => s.id)).toEqual([created.body.id]);
      const removed = await t
        .http()
        .delete(`/api/v1/police-posts/${CENTRAL_POST}/shifts/${created.body.id}`)
        .set(bearer(police));
      expect(removed.status).toBe(204);
      const again = await t
        .http()
        .delete(`/api/v1/police-posts/${CENTRAL_POST}/shifts/${created.body.id}`)
        .set(bearer(police));
      expect(again.status).toBe(404);
      const audit = await t.db.query(
        `SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY seq`,
        [created.body.id],
      );
      expect(audit.map((r: { action: string }) => r.action)).toEqual([
        'police_shift.created',
        'police_shift.deleted',
      ]);
    });

    it('lists from now to seven days on by default', async () => {
      const now = Date.now();
      const inside = await shifts(admin).send({
        userId: officerId,
        from: at(now + 2 * 24 * HOUR),
        to: at(now + 2 * 24 * HOUR + HOUR),
      });
      const outside = await shifts(admin).send({
        userId: officerId,
        from: at(now + 8 * 24 * HOUR),
        to: at(now + 8 * 24 * HOUR + HOUR),
      });
      expect([inside.status, outside.status]).toEqual([201, 201]);
      const ids = (
        await t.http().get(`/api/v1/police-posts/${CENTRAL_POST}/shifts`).set(bearer(police))
      ).body.map((s: { id: string }) => s.id);
      expect(ids).toContain(inside.body.id);
      expect(ids).not.toContain(outside.body.id);
    });

    it.each([
      ['to before from', { from: at(base + 2 * HOUR), to: at(base + HOUR) }, 'to'],
      ['to equal to from', { from: at(base), to: at(base) }, 'to'],
      ['a shift over 24 hours', { from: at(base), to: at(base + 24 * HOUR + 1000) }, 'to'],
      ['no offset on from', { from: '2027-01-01T08:00:00', to: at(base) }, 'from'],
      ['a missing to', { from: at(base) }, 'to'],
    ])('refuses %s with 400 naming the field', async (_what, times, field) => {
      const res = await shifts(police).send({ userId: officerId, ...times });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field })]);
    });

    it('refuses an officer of another post, a deactivated officer and a nurse as the shift holder, naming userId', async () => {
      const other = await officer(OTHER_POST);
      const leaver = await officer(CENTRAL_POST);
      expect((await t.http().delete(`/api/v1/users/${leaver.id}`).set(bearer(admin))).status).toBe(
        204,
      );
      const nurseId = (await t.http().get('/api/v1/auth/me').set(bearer(nurse))).body.id;
      for (const userId of [other.id, leaver.id, nurseId, '7b0d8f7e-0000-4000-8000-000000000000']) {
        const res = await shifts(admin).send({
          userId,
          from: at(base + 40 * HOUR),
          to: at(base + 41 * HOUR),
        });
        expect(res.status).toBe(400);
        expect(res.body.details).toEqual([expect.objectContaining({ field: 'userId' })]);
      }
      expect(
        (
          await t.db.query(`SELECT count(*)::int AS n FROM police_shifts WHERE starts_at = $1`, [
            new Date(base + 40 * HOUR),
          ])
        )[0].n,
      ).toBe(0);
    });

    it("hides another post's roster from an officer and refuses staff and facility admins", async () => {
      const mine = await shifts(otherOfficer, OTHER_POST).send({
        userId: (await t.http().get('/api/v1/auth/me').set(bearer(otherOfficer))).body.id,
        from: at(base + 50 * HOUR),
        to: at(base + 51 * HOUR),
      });
      expect(mine.status).toBe(201);
      expect(
        (await t.http().get(`/api/v1/police-posts/${OTHER_POST}/shifts`).set(bearer(police)))
          .status,
      ).toBe(404);
      expect(
        (
          await shifts(police, OTHER_POST).send({
            userId: officerId,
            from: at(base),
            to: at(base + HOUR),
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await t
            .http()
            .delete(`/api/v1/police-posts/${OTHER_POST}/shifts/${mine.body.id}`)
            .set(bearer(police))
        ).status,
      ).toBe(404);
      // A shift id of another post under one's own post is not found either.
      expect(
        (
          await t
            .http()
            .delete(`/api/v1/police-posts/${CENTRAL_POST}/shifts/${mine.body.id}`)
            .set(bearer(police))
        ).status,
      ).toBe(404);
      for (const token of [nurse, safety]) {
        expect(
          (await t.http().get(`/api/v1/police-posts/${CENTRAL_POST}/shifts`).set(bearer(token)))
            .status,
        ).toBe(403);
        expect(
          (await shifts(token).send({ userId: officerId, from: at(base), to: at(base + HOUR) }))
            .status,
        ).toBe(403);
      }
      expect(
        (
          await t.db.query(`SELECT count(*)::int AS n FROM police_shifts WHERE id = $1`, [
            mine.body.id,
          ])
        )[0].n,
      ).toBe(1);
    });

    it('lets exactly one of many overlapping shifts of one officer sent at once land; the rest are 409', async () => {
      const start = base + 100 * HOUR;
      const answers = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          shifts(i % 2 ? admin : police).send({
            userId: officerId,
            from: at(start + i * 60_000),
            to: at(start + 8 * HOUR + i * 60_000),
          }),
        ),
      );
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(23);
      const rows = await t.db.query(
        `SELECT count(*)::int AS n FROM police_shifts WHERE user_id = $1 AND starts_at >= $2 AND starts_at < $3`,
        [officerId, new Date(start), new Date(start + 9 * HOUR)],
      );
      expect(rows[0].n).toBe(1);
      // Back-to-back shifts do not overlap.
      const next = await shifts(police).send({
        userId: officerId,
        from: answers.find((r) => r.status === 201)!.body.to,
        to: at(start + 20 * HOUR),
      });
      expect(next.status).toBe(201);
    });

    it('lists the active officers of the post for the roster', async () => {
      const res = await t
        .http()
        .get(`/api/v1/police-posts/${CENTRAL_POST}/officers`)
        .set(bearer(police));
      expect(res.status).toBe(200);
      expect(res.body.map((o: { id: string }) => o.id)).toContain(officerId);
      expect(res.body[0]).not.toHaveProperty('phone');
      expect(
        (await t.http().get(`/api/v1/police-posts/${OTHER_POST}/officers`).set(bearer(police)))
          .status,
      ).toBe(404);
    });
  });
});
