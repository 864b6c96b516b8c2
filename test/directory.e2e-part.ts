import { DEMO_IDS } from '../seeds/demo';
import { regionId } from '../seeds/reference';
import { seedId } from '../seeds/seed-ids';
import { bearer, startTestApp, TestApp } from './support/test-app';

const ALMATY = regionId('KZ-75');
const KARAGANDA = regionId('KZ-35');
const CENTRAL = DEMO_IDS.centralHospital;
const OTHER_HOSPITAL = seedId('facility:almaty:gkb:1');
const CENTRAL_ADMISSION = seedId('unit:almaty:cgkb:admission');
const OTHER_ADMISSION = seedId('unit:almaty:gkb:1:admission');
const OTHER_RECORDER = seedId('device:almaty:gkb:1:recorder');
const KARAGANDA_ADMISSION = seedId('unit:karaganda:regional:admission');

const facilityBody = {
  regionId: ALMATY,
  type: 'multi_profile_hospital',
  name: 'City Clinical Hospital No. 99',
  address: 'Almaty, Abay Ave 1',
  lat: 43.24,
  lon: 76.9,
  staffCount: 900,
};

describe('directory', () => {
  let t: TestApp;
  let admin: string;
  let safety: string;
  let police: string;
  let dutyDesk: string;
  let ministry: string;
  beforeAll(async () => {
    t = await startTestApp();
    [admin, safety, police, dutyDesk, ministry] = await Promise.all(
      ['admin', 'safety', 'police', 'dutydesk', 'ministry'].map((u) =>
        t.login(`${u}@demo.medguard.kz`),
      ),
    );
  });
  afterAll(() => t.close());

  const count = async (table: string) =>
    Number((await t.db.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  describe('facilities', () => {
    it('lets an admin create, read, change and delete a facility, each change audited', async () => {
      const created = await t
        .http()
        .post('/api/v1/facilities')
        .set(bearer(admin))
        .send(facilityBody);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ ...facilityBody, id: expect.any(String) });
      const id = created.body.id;
      const patched = await t
        .http()
        .patch(`/api/v1/facilities/${id}`)
        .set(bearer(admin))
        .send({ staffCount: 950 });
      expect(patched.body.staffCount).toBe(950);
      expect(
        (await t.http().get(`/api/v1/facilities/${id}`).set(bearer(ministry))).body.staffCount,
      ).toBe(950);
      expect((await t.http().delete(`/api/v1/facilities/${id}`).set(bearer(admin))).status).toBe(
        204,
      );
      expect((await t.http().get(`/api/v1/facilities/${id}`).set(bearer(admin))).status).toBe(404);
      const actions = await t.db.query(
        `SELECT action, details FROM audit_log WHERE entity_id = $1 ORDER BY seq`,
        [id],
      );
      expect(actions.map((a: { action: string }) => a.action)).toEqual([
        'facility.created',
        'facility.updated',
        'facility.deleted',
      ]);
      expect(actions[1].details).toEqual({ changed: ['staffCount'] });
    });

    it('refuses to delete a facility that units still belong to', async () => {
      const res = await t.http().delete(`/api/v1/facilities/${CENTRAL}`).set(bearer(admin));
      expect(res.status).toBe(409);
    });

    it('filters by region and type and pages with a cursor', async () => {
      const seen = new Set<string>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: {
          body: { items: Array<{ id: string }>; nextCursor: string | null };
          status: number;
        } = await t
          .http()
          .get('/api/v1/facilities')
          .query({
            regionId: ALMATY,
            type: 'multi_profile_hospital',
            limit: 10,
            ...(cursor ? { cursor } : {}),
          })
          .set(bearer(safety));
        expect(res.status).toBe(200);
        for (const f of res.body.items) {
          expect(f).toMatchObject({ regionId: ALMATY, type: 'multi_profile_hospital' });
          seen.add(f.id);
        }
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      expect(seen.size).toBe(23);
      expect(pages).toBe(3);
    });

    it('answers a bad cursor with 400 naming it', async () => {
      const res = await t.http().get('/api/v1/facilities?cursor=garbage').set(bearer(admin));
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([
        { field: 'cursor', message: expect.any(String), code: 'invalid' },
      ]);
    });
  });

  describe('invalid input', () => {
    const cases: Array<[string, string, Record<string, unknown>, string[]]> = [
      [
        '/api/v1/facilities',
        'facility with a wrong type and coordinates',
        { ...facilityBody, type: 'spa', lat: 95, lon: 'x' },
        ['lat', 'lon', 'type'],
      ],
      [
        '/api/v1/facilities',
        'facility in an unknown region',
        { ...facilityBody, regionId: seedId('nowhere') },
        ['regionId'],
      ],
      [
        '/api/v1/facilities',
        'facility with a negative staff count and unknown field',
        { ...facilityBody, staffCount: -1, extra: 1 },
        ['extra', 'staffCount'],
      ],
      ['/api/v1/police-posts', 'post without a region', { kind: 'post', name: 'P' }, ['regionId']],
      [
        '/api/v1/police-posts',
        'post with a webhook but no secret',
        { kind: 'post', name: 'P', regionId: ALMATY, webhookUrl: 'https://police.example.kz/hook' },
        ['webhookSecret'],
      ],
      [
        '/api/v1/police-posts',
        'post with a bad webhook URL',
        {
          kind: 'post',
          name: 'P',
          regionId: ALMATY,
          webhookUrl: 'ftp://x',
          webhookSecret: 'whsec_' + 'b'.repeat(32),
        },
        ['webhookUrl'],
      ],
      [
        '/api/v1/police-posts',
        'post with a secret not in the Standard Webhooks form',
        {
          kind: 'post',
          name: 'P',
          regionId: ALMATY,
          webhookUrl: 'https://police.example.kz/hook',
          webhookSecret: 'just-a-long-enough-password-123',
        },
        ['webhookSecret'],
      ],
      [
        '/api/v1/police-posts',
        'post covering a facility of another region',
        { kind: 'post', name: 'P', regionId: KARAGANDA, facilityIds: [CENTRAL] },
        ['facilityIds[0]'],
      ],
      [
        '/api/v1/police-posts',
        'duty desk listing facilities',
        { kind: 'duty_desk', name: 'D', regionId: ALMATY, facilityIds: [CENTRAL] },
        ['facilityIds'],
      ],
      [
        '/api/v1/units',
        'ambulance team at a hospital',
        { facilityId: CENTRAL, kind: 'ambulance_team', name: 'T' },
        ['kind'],
      ],
      [
        '/api/v1/units',
        'unit at an unknown facility',
        { facilityId: seedId('nowhere'), kind: 'ambulance_team', name: 'T' },
        ['facilityId'],
      ],
      [
        '/api/v1/devices',
        'body camera in an admission department',
        { unitId: CENTRAL_ADMISSION, kind: 'body_camera', serialNumber: 'BC-1' },
        ['kind'],
      ],
      [
        '/api/v1/devices',
        'device with a bad serial',
        { unitId: CENTRAL_ADMISSION, serialNumber: '<script>' },
        ['serialNumber'],
      ],
      [
        '/api/v1/users',
        'user with a short password and no facility',
        { email: 'x@y.kz', fullName: 'X', role: 'staff', password: 'short' },
        ['password'],
      ],
      [
        '/api/v1/users',
        'staff user without a facility',
        { email: 'x@y.kz', fullName: 'X', role: 'staff', password: 'long-enough-password' },
        ['facilityId'],
      ],
      [
        '/api/v1/users',
        'officer without a post',
        { email: 'x@y.kz', fullName: 'X', role: 'police', password: 'long-enough-password' },
        ['policePostId'],
      ],
      [
        '/api/v1/users',
        'user with an unknown role and locale',
        {
          email: 'x@y.kz',
          fullName: 'X',
          role: 'god',
          locale: 'fr',
          password: 'long-enough-password',
        },
        ['locale', 'role'],
      ],
    ];

    it.each(cases)(
      'POST %s rejects a %s with 400 naming the fields and writes nothing',
      async (path, _what, body, fields) => {
        const before = await count('audit_log');
        const res = await t.http().post(path).set(bearer(admin)).send(body);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
        expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(fields);
        expect(await count('audit_log')).toBe(before);
      },
    );

    it('rejects a malformed id in a path with 400, not 500', async () => {
      const res = await t.http().get('/api/v1/facilities/not-a-uuid').set(bearer(admin));
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([
        { field: 'id', message: 'must be a UUID', code: 'invalid' },
      ]);
    });

    it('rejects a body that is not JSON with 400', async () => {
      const res = await t
        .http()
        .post('/api/v1/units')
        .set(bearer(admin))
        .set('Content-Type', 'application/json')
        .send('{oops');
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([
        { field: 'body', message: 'is not valid JSON', code: 'invalid' },
      ]);
    });

    it('answers a duplicate device serial with 409 naming the field', async () => {
      const res = await t
        .http()
        .post('/api/v1/devices')
        .set(bearer(admin))
        .send({ unitId: CENTRAL_ADMISSION, serialNumber: 'DEMO-VR-ALA-0001' });
      expect(res.status).toBe(409);
      expect(res.body.details[0].field).toBe('serialNumber');
    });
  });

  describe('police posts', () => {
    it('keeps the webhook secret write-only', async () => {
      const res = await t
        .http()
        .post('/api/v1/police-posts')
        .set(bearer(admin))
        .send({
          kind: 'post',
          name: 'Police post — test',
          regionId: ALMATY,
          facilityIds: [OTHER_HOSPITAL],
          webhookUrl: 'https://police.example.kz/hook',
          webhookSecret: 'whsec_' + 'a'.repeat(32),
        });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        hasWebhookSecret: true,
        facilityIds: [OTHER_HOSPITAL],
        webhookUrl: 'https://police.example.kz/hook',
      });
      expect(JSON.stringify(res.body)).not.toContain('whsec_');
      const read = await t.http().get(`/api/v1/police-posts/${res.body.id}`).set(bearer(admin));
      expect(JSON.stringify(read.body)).not.toContain('whsec_');
      const [row] = await t.db.query('SELECT webhook_secret_enc FROM police_posts WHERE id = $1', [
        res.body.id,
      ]);
      expect(row.webhook_secret_enc.toString('latin1')).not.toContain('whsec_');
    });

    it('shows an officer only their own post and a facility admin the posts covering their facility', async () => {
      const mine = await t.http().get('/api/v1/police-posts').set(bearer(police));
      expect(mine.body.items.map((p: { id: string }) => p.id)).toEqual([DEMO_IDS.centralPost]);
      expect(
        (await t.http().get(`/api/v1/police-posts/${DEMO_IDS.almatyDutyDesk}`).set(bearer(police)))
          .status,
      ).toBe(404);
      const covering = await t.http().get('/api/v1/police-posts').set(bearer(safety));
      expect(covering.body.items.map((p: { id: string }) => p.id)).toEqual([DEMO_IDS.centralPost]);
      expect(covering.body.items[0].facilityIds).toEqual([CENTRAL]);
    });

    it('answers each change of one field with the whole post, also when several land at once', async () => {
      const post = await t
        .http()
        .post('/api/v1/police-posts')
        .set(bearer(admin))
        .send({
          kind: 'post',
          name: 'Police post — partial changes',
          regionId: ALMATY,
          facilityIds: [OTHER_HOSPITAL],
          phone: '+77270000001',
        });
      expect(post.status).toBe(201);
      const changes = await Promise.all(
        [{ name: 'Police post — renamed' }, { phone: '+77270000002' }, {}].map((body) =>
          t.http().patch(`/api/v1/police-posts/${post.body.id}`).set(bearer(admin)).send(body),
        ),
      );
      for (const res of changes) {
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          id: post.body.id,
          kind: 'post',
          regionId: ALMATY,
          facilityIds: [OTHER_HOSPITAL],
        });
        expect(typeof res.body.name).toBe('string');
        expect(typeof res.body.phone).toBe('string');
      }
    });
  });

  describe('facility admin scope', () => {
    it('lists only their own facility units, devices and users', async () => {
      const units = await t.http().get('/api/v1/units').set(bearer(safety));
      expect(units.body.items.map((u: { facilityId: string }) => u.facilityId)).toEqual([CENTRAL]);
      const devices = await t.http().get('/api/v1/devices').set(bearer(safety));
      expect(devices.body.items.map((d: { unitId: string }) => d.unitId)).toEqual([
        CENTRAL_ADMISSION,
      ]);
      const users = await t.http().get('/api/v1/users').set(bearer(safety));
      expect(new Set(users.body.items.map((u: { facilityId: string }) => u.facilityId))).toEqual(
        new Set([CENTRAL]),
      );
      const filtered = await t
        .http()
        .get(`/api/v1/units?facilityId=${OTHER_HOSPITAL}`)
        .set(bearer(safety));
      expect(filtered.body.items).toEqual([]);
    });

    it("gets 404 for another facility's unit, device and user, whether reading or changing", async () => {
      const otherUser = (
        await t.http().get('/api/v1/users?role=staff').set(bearer(admin))
      ).body.items.find((u: { facilityId: string }) => u.facilityId !== CENTRAL);
      const attempts: Array<['get' | 'patch' | 'delete', string, object]> = [
        ['get', `/api/v1/units/${OTHER_ADMISSION}`, {}],
        ['patch', `/api/v1/units/${OTHER_ADMISSION}`, { name: 'mine now' }],
        ['delete', `/api/v1/units/${OTHER_ADMISSION}`, {}],
        ['get', `/api/v1/devices/${OTHER_RECORDER}`, {}],
        ['patch', `/api/v1/devices/${OTHER_RECORDER}`, { model: 'x' }],
        ['delete', `/api/v1/devices/${OTHER_RECORDER}`, {}],
        ['get', `/api/v1/users/${otherUser.id}`, {}],
        ['patch', `/api/v1/users/${otherUser.id}`, { fullName: 'x' }],
        ['delete', `/api/v1/users/${otherUser.id}`, {}],
        ['get', `/api/v1/units/${OTHER_ADMISSION}/api-keys`, {}],
        ['post', `/api/v1/units/${OTHER_ADMISSION}/api-keys`, {}] as never,
      ];
      for (const [method, path, body] of attempts) {
        const res = await t.http()[method](path).set(bearer(safety)).send(body);
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
      }
      const [unit] = await t.db.query('SELECT name FROM units WHERE id = $1', [OTHER_ADMISSION]);
      expect(unit.name).not.toBe('mine now');
    });

    it('may not create units, devices or users for another facility', async () => {
      const unit = await t
        .http()
        .post('/api/v1/units')
        .set(bearer(safety))
        .send({ facilityId: OTHER_HOSPITAL, kind: 'admission_department', name: 'X' });
      expect(unit.status).toBe(403);
      const device = await t
        .http()
        .post('/api/v1/devices')
        .set(bearer(safety))
        .send({ unitId: OTHER_ADMISSION, serialNumber: 'VR-X-1' });
      expect(device.status).toBe(400);
      expect(device.body.details[0].field).toBe('unitId');
      const user = await t.http().post('/api/v1/users').set(bearer(safety)).send({
        email: 'a@b.kz',
        fullName: 'A',
        role: 'staff',
        facilityId: OTHER_HOSPITAL,
        password: 'long-enough-password',
      });
      expect(user.status).toBe(403);
      const promoted = await t.http().post('/api/v1/users').set(bearer(safety)).send({
        email: 'a@b.kz',
        fullName: 'A',
        role: 'facility_admin',
        password: 'long-enough-password',
      });
      expect(promoted.status).toBe(403);
    });

    it('manages their own staff: creates, renames and deactivates a staff account', async () => {
      const created = await t.http().post('/api/v1/users').set(bearer(safety)).send({
        email: 'orderly@demo.medguard.kz',
        fullName: 'New Orderly',
        role: 'staff',
        password: 'orderly-password-1',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ facilityId: CENTRAL, role: 'staff', active: true });
      expect(created.body).not.toHaveProperty('passwordHash');
      const token = await t.login('orderly@demo.medguard.kz', 'orderly-password-1');
      expect(
        (await t.http().delete(`/api/v1/users/${created.body.id}`).set(bearer(safety))).status,
      ).toBe(204);
      expect((await t.http().get('/api/v1/auth/me').set(bearer(token))).status).toBe(401);
      const again = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'orderly@demo.medguard.kz', password: 'orderly-password-1' });
      expect(again.status).toBe(401);
      const dup = await t.http().post('/api/v1/users').set(bearer(safety)).send({
        email: 'ORDERLY@demo.medguard.kz',
        fullName: 'Dup',
        role: 'staff',
        password: 'orderly-password-1',
      });
      expect(dup.status).toBe(409);
    });

    it('answers each change of one field with the whole account, also when several land at once', async () => {
      const created = await t.http().post('/api/v1/users').set(bearer(safety)).send({
        email: 'feldsher@demo.medguard.kz',
        fullName: 'New Feldsher',
        role: 'staff',
        locale: 'kk',
        password: 'feldsher-password-1',
      });
      expect(created.status).toBe(201);
      const changes = await Promise.all(
        [{ fullName: 'Renamed Feldsher' }, { locale: 'en' }, {}].map((body) =>
          t.http().patch(`/api/v1/users/${created.body.id}`).set(bearer(safety)).send(body),
        ),
      );
      for (const res of changes) {
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          id: created.body.id,
          email: 'feldsher@demo.medguard.kz',
          role: 'staff',
          facilityId: CENTRAL,
          policePostId: null,
          active: true,
        });
        expect(['kk', 'en']).toContain(res.body.locale);
        expect(typeof res.body.fullName).toBe('string');
      }
    });

    it('creates units and devices for their own facility', async () => {
      const unit = await t.http().post('/api/v1/units').set(bearer(safety)).send({
        facilityId: CENTRAL,
        kind: 'admission_department',
        name: 'Emergency admission, building B',
      });
      expect(unit.status).toBe(201);
      const device = await t
        .http()
        .post('/api/v1/devices')
        .set(bearer(safety))
        .send({ unitId: unit.body.id, serialNumber: 'VR-CGKB-B-01' });
      expect(device.status).toBe(201);
      expect(device.body.kind).toBe('video_recorder');
    });
  });

  describe('police scope', () => {
    it('shows a post the units of the facilities it covers, and a duty desk those of its region', async () => {
      const post = await t.http().get('/api/v1/units?limit=200').set(bearer(police));
      expect(new Set(post.body.items.map((u: { facilityId: string }) => u.facilityId))).toEqual(
        new Set([CENTRAL]),
      );
      const desk = await t.http().get('/api/v1/units?limit=200').set(bearer(dutyDesk));
      const ids = desk.body.items.map((u: { id: string }) => u.id);
      expect(ids).toContain(OTHER_ADMISSION);
      expect(ids).not.toContain(KARAGANDA_ADMISSION);
    });
  });

  describe('device API keys', () => {
    it('shows a key once, stores only its hash, lets the gateway in and stops it once revoked', async () => {
      const created = await t
        .http()
        .post(`/api/v1/units/${CENTRAL_ADMISSION}/api-keys`)
        .set(bearer(safety))
        .send({ name: 'Admission dock' });
      expect(created.status).toBe(201);
      const key: string = created.body.key;
      expect(key).toMatch(/^mgk_/);
      const stored = await t.db.query('SELECT * FROM unit_api_keys WHERE id = $1', [
        created.body.id,
      ]);
      expect(JSON.stringify(stored)).not.toContain(key.slice(-43));
      const listed = await t
        .http()
        .get(`/api/v1/units/${CENTRAL_ADMISSION}/api-keys`)
        .set(bearer(safety));
      expect(JSON.stringify(listed.body)).not.toContain(key);

      // Let in where gateways are (the empty start of an upload is then refused as invalid).
      const startUpload = (apiKey: string) =>
        t.http().post('/api/v1/footage/uploads').set('X-Api-Key', apiKey).send({});
      expect((await startUpload(key)).status).toBe(400);
      expect((await t.http().get('/api/v1/units').set('X-Api-Key', key)).status).toBe(401);
      expect((await startUpload(key.slice(0, -2) + 'xx')).status).toBe(401);

      expect(
        (
          await t
            .http()
            .delete(`/api/v1/units/${CENTRAL_ADMISSION}/api-keys/${created.body.id}`)
            .set(bearer(safety))
        ).status,
      ).toBe(204);
      expect((await startUpload(key)).status).toBe(401);
    });
  });
});
