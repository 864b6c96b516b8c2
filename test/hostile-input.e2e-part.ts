import { createS3Client } from '../src/storage/s3-client';
import { seedId } from '../seeds/seed-ids';
import { captureStdout, CapturedOutput } from './support/captured-output';
import { footageStatus } from './support/footage';
import { bucketCounts } from './support/fuzz/footprint';
import { sendRaw } from './support/fuzz/raw-http';
import { mp4 } from './support/media';
import { CENTRAL, CENTRAL_ADMISSION, report } from './support/incidents';
import { reportsNarrating } from './support/personal-data';
import { bearer, listenOnLoopback, startTestApp, TestApp } from './support/test-app';

/** JSON text of `depth` nested objects (`{"a":{"a":...}}`) or arrays (`[[...]]`). */
const nested = (shape: 'object' | 'array', depth: number) =>
  shape === 'object'
    ? '{"":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1)
    : '['.repeat(depth) + ']'.repeat(depth);

describe('hostile input', () => {
  let t: TestApp;
  let nurse: string;
  let out: CapturedOutput;
  beforeAll(async () => {
    t = await startTestApp();
    nurse = await t.login('nurse@demo.medguard.kz');
    out = captureStdout();
  });
  beforeEach(() => out.clear());
  afterAll(async () => {
    out?.restore();
    await t.close();
  });

  const incidentsWith = (narrative: string) => reportsNarrating(t, narrative);

  /** A JSON body sent as raw text to one of the routes that read JSON. */
  const routes = {
    incidents: (json: string) =>
      t.http().post('/api/v1/incidents').set(bearer(nurse)).type('application/json').send(json),
    login: (json: string) =>
      t.http().post('/api/v1/auth/login').type('application/json').send(json),
    pageSignIn: (json: string) => t.http().post('/web/session').type('application/json').send(json),
  };
  const inField = (field: string, value: string, rest: Record<string, unknown>) =>
    `{${Object.entries(rest)
      .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)},`)
      .join('')}${JSON.stringify(field)}:${value}}`;
  const bodies = (value: string) => ({
    incidents: inField('place', value, report({ narrative: 'deeply nested place' })),
    login: inField('email', value, { password: 'whatever-password' }),
    pageSignIn: inField('email', value, { password: 'whatever-password' }),
  });

  it.each([
    ['object', 5_000],
    ['object', 50_000],
    ['array', 5_000],
    ['array', 100_000],
  ] as const)(
    'refuses JSON nested %s %i deep with 400 naming the body, on every JSON route at once, and logs no error',
    async (shape, depth) => {
      const value = nested(shape, depth);
      const sent = Object.entries(bodies(value)).flatMap(([route, body]) =>
        // Nested inside a field and as the whole body, several of each at the same time.
        Array.from({ length: 4 }, (_, i) => ({
          route,
          res: routes[route as keyof typeof routes](i % 2 ? body : value),
        })),
      );
      const answers = await Promise.all(
        sent.map(async ({ route, res }) => {
          const r = await res;
          return { route, status: r.status, details: r.body.details };
        }),
      );
      for (const answer of answers)
        expect(answer).toEqual({
          route: answer.route,
          status: 400,
          details: [{ field: 'body', message: 'is nested deeper than 32 levels', code: 'invalid' }],
        });
      expect(out.entriesAt('error')).toEqual([]);
      expect(await incidentsWith('deeply nested place')).toBe(0);
    },
  );

  it('refuses a 100,000-deep object body as too large (413) and logs no error', async () => {
    const res = await routes.login(nested('object', 100_000));
    expect(res.status).toBe(413);
    expect(out.entriesAt('error')).toEqual([]);
  });

  it('reads 32 levels as input to validate and refuses 33 at the parser', async () => {
    const at = (depth: number) =>
      routes.login(inField('email', nested('object', depth - 1), { password: 'p' }));
    const [within, beyond] = await Promise.all([at(32), at(33)]);
    expect(within.status).toBe(400);
    expect(within.body.details.map((d: { field: string }) => d.field)).toContain('email');
    expect(beyond.status).toBe(400);
    expect(beyond.body.details).toEqual([
      { field: 'body', message: 'is nested deeper than 32 levels', code: 'invalid' },
    ]);
  });

  it('does not count brackets inside strings as nesting', async () => {
    const res = await t
      .http()
      .post('/api/v1/incidents')
      .set(bearer(nurse))
      .send(report({ narrative: `He shouted ${'[{'.repeat(200)} \\" ${'}]'.repeat(200)}` }));
    expect(res.status).toBe(201);
  });

  it('refuses JSON in another charset than UTF-8 with 415, where nesting could hide', async () => {
    const body = Buffer.from(
      inField('email', nested('array', 5_000), { password: 'p' }),
      'utf16le',
    );
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json; charset=utf-16le')
      // The bytes as they are, not the Buffer serialized as JSON.
      .serialize((bytes) => bytes as string)
      .send(body);
    expect(res.status).toBe(415);
    expect(res.body.details).toEqual([
      { field: 'body', message: 'must be UTF-8 JSON', code: 'invalid' },
    ]);
    expect(out.entriesAt('error')).toEqual([]);
  });

  it('keeps deep query strings and multipart field names flat, never a 500', async () => {
    const deepKey = 'a' + '[b]'.repeat(3000);
    const [query, form] = await Promise.all([
      t.http().get(`/api/v1/incidents?${deepKey}=1`).set(bearer(nurse)),
      t
        .http()
        .post('/api/v1/footage')
        .set(bearer(nurse))
        .field('x' + '[a]'.repeat(30), '1')
        .attach('file', Buffer.from('not a video'), 'clip.mp4'),
    ]);
    expect(query.status).toBe(400);
    expect(form.status).toBe(400);
    expect(out.entriesAt('error')).toEqual([]);
  });

  it('refuses NUL characters and lone surrogates in body fields, queries and path ids with 400 naming the field, never a 500', async () => {
    const [admin, safety] = await t.loginAll('admin', 'safety');
    const unit = `/api/v1/units/${CENTRAL_ADMISSION}`;
    const before = (await t.http().get(unit).set(bearer(admin))).body.name;
    const parts = { parts: [{ partNumber: 1, etag: '"x"' }] };
    const sent = [
      [t.http().patch(unit).set(bearer(admin)).send({ name: 'a\u0000b' }), 'name'],
      [t.http().patch(unit).set(bearer(admin)).send({ name: 'x\ud800' }), 'name'],
      [t.http().post(`${unit}/api-keys`).set(bearer(safety)).send({ name: 'dock\u0000' }), 'name'],
      [
        t.http().post('/api/v1/users').set(bearer(safety)).send({
          email: '\ud800@demo.medguard.kz',
          fullName: 'A B',
          role: 'staff',
          facilityId: CENTRAL,
          password: 'Long-password-2026!',
        }),
        'email',
      ],
      [t.http().delete('/api/v1/footage/uploads/%00').set(bearer(safety)), 'uploadId'],
      [
        t.http().post('/api/v1/footage/uploads/a%00b/complete').set(bearer(safety)).send(parts),
        'uploadId',
      ],
      [t.http().get('/api/v1/incidents?category=%00').set(bearer(nurse)), 'category'],
    ] as const;
    const answers = await Promise.all(
      sent.map(async ([req, field]) => {
        const res = await req;
        return {
          status: res.status,
          fields: res.body.details?.map((d: { field: string }) => d.field),
          field,
        };
      }),
    );
    for (const answer of answers)
      expect(answer).toEqual({ status: 400, fields: [answer.field], field: answer.field });
    expect((await t.http().get(unit).set(bearer(admin))).body.name).toBe(before);
    expect(out.entriesAt('error')).toEqual([]);
  });

  it('refuses a staff count no facility has with 400 naming staffCount, on create and update', async () => {
    const admin = await t.login('admin@demo.medguard.kz');
    const region = (await t.db.query(`SELECT id FROM regions LIMIT 1`))[0].id;
    const facility = {
      regionId: region,
      type: 'polyclinic',
      name: 'Polyclinic of the largest staff',
      address: 'Abay 1',
      lat: 43.2,
      lon: 76.9,
    };
    const answers = await Promise.all([
      ...[2 ** 31, 2 ** 53, 1e21].map((staffCount) =>
        t
          .http()
          .post('/api/v1/facilities')
          .set(bearer(admin))
          .send({ ...facility, staffCount }),
      ),
      t
        .http()
        .patch(`/api/v1/facilities/${CENTRAL}`)
        .set(bearer(admin))
        .send({ staffCount: 2 ** 31 }),
    ]);
    expect(answers.map((r) => [r.status, r.body.details?.[0]?.field])).toEqual(
      Array(4).fill([400, 'staffCount']),
    );
    expect(out.entriesAt('error')).toEqual([]);
  });

  it('leaves no object in the bucket when uploaders hang up just after sending the whole file, many at once', async () => {
    const port = Number(new URL(await listenOnLoopback(t)).port);
    const s3 = createS3Client(t.config.s3);
    const objects = async () => (await bucketCounts(s3, t.config.s3.bucket))['bucket objects'];
    try {
      const before = await objects();
      const boundary = 'hang-up-boundary';
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="clip.mp4"\r\n` +
            'Content-Type: video/mp4\r\n\r\n',
        ),
        mp4(4096),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      // The form is complete, the request is not: the connection closes before its last bytes.
      const answers = await Promise.all(
        Array.from({ length: 24 }, () =>
          sendRaw(port, {
            method: 'POST',
            target: '/api/v1/footage',
            headers: [
              ['Host', '127.0.0.1'],
              ['Authorization', `Bearer ${nurse}`],
              ['Content-Type', `multipart/form-data; boundary=${boundary}`],
            ],
            body,
            announcedLength: body.length + 1024,
          }),
        ),
      );
      expect(answers.every((a) => typeof a.status !== 'number' || a.status >= 400)).toBe(true);
      // Whatever the server was still doing for them has finished after a moment.
      await new Promise((done) => setTimeout(done, 2000));
      expect(await objects()).toBe(before);
      expect(Number((await t.db.query(`SELECT count(*) AS n FROM footage`))[0].n)).toBe(0);
    } finally {
      s3.destroy();
    }
  });

  it('refuses coordinates sent as text with 400 naming them, where the document says number', async () => {
    const admin = await t.login('admin@demo.medguard.kz');
    const region = (await t.db.query(`SELECT id FROM regions LIMIT 1`))[0].id;
    const [facility, incident] = await Promise.all([
      t.http().post('/api/v1/facilities').set(bearer(admin)).send({
        regionId: region,
        type: 'polyclinic',
        name: 'Polyclinic given as text',
        address: 'Abay 2',
        lat: '43.2',
        lon: 76.9,
        staffCount: 10,
      }),
      t
        .http()
        .post('/api/v1/incidents')
        .set(bearer(nurse))
        .send(report({ place: { kind: 'ward', lat: 43.2, lon: '76.9' } })),
    ]);
    expect([facility.status, facility.body.details]).toEqual([
      400,
      [{ field: 'lat', message: 'must be a number', code: 'invalid' }],
    ]);
    expect([incident.status, incident.body.details]).toEqual([
      400,
      [{ field: 'place.lon', message: 'must be a number', code: 'invalid' }],
    ]);
  });

  it('refuses a list where an object belongs with 400 naming the field, changing nothing', async () => {
    const before = await incidentsWith('A list for a place');
    const sent = await Promise.all([
      ...(['place', 'perpetrators'] as const).flatMap((field) =>
        ['/api/v1/incidents', '/api/v1/incidents/classification'].map((path) =>
          t
            .http()
            .post(path)
            .set(bearer(nurse))
            .send(report({ narrative: 'A list for a place', [field]: [] })),
        ),
      ),
      t
        .http()
        .post('/api/v1/push-subscriptions')
        .set(bearer(nurse))
        .send({ endpoint: 'https://127.0.0.1/push/x', keys: [] }),
    ]);
    expect(sent.map((r) => [r.status, r.body.details?.[0]?.field])).toEqual([
      [400, 'place'],
      [400, 'place'],
      [400, 'perpetrators'],
      [400, 'perpetrators'],
      [400, 'keys'],
    ]);
    expect(await incidentsWith('A list for a place')).toEqual(before);
  });

  it('refuses at once, with 422 naming the parts, to complete a direct upload with parts the store never received', async () => {
    const safety = await t.login('safety@demo.medguard.kz');
    const key = (
      await t
        .http()
        .post(`/api/v1/units/${CENTRAL_ADMISSION}/api-keys`)
        .set(bearer(safety))
        .send({ name: 'hostile dock' })
    ).body.key as string;
    const started = await t
      .http()
      .post('/api/v1/footage/uploads')
      .set('X-Api-Key', key)
      .send({
        deviceId: seedId('device:almaty:cgkb:recorder'),
        fileName: 'REC_0042.mp4',
        size: 6 * 1024 * 1024,
        contentType: 'video/mp4',
        recordedFrom: '2026-11-23T01:00:00+05:00',
        recordedTo: '2026-11-23T01:10:00+05:00',
      })
      .expect(201);
    const parts = [
      [{ partNumber: 1, etag: 'x' }],
      [{ partNumber: 2, etag: `"${'a'.repeat(32)}"` }],
      [
        { partNumber: 1, etag: `"${'0'.repeat(32)}"` },
        { partNumber: 2, etag: 'null' },
      ],
    ];
    const answers = await Promise.all(
      [...parts, ...parts].map((p) =>
        t
          .http()
          .post(`/api/v1/footage/uploads/${started.body.uploadId}/complete`)
          .set('X-Api-Key', key)
          .send({ parts: p })
          .timeout(10_000)
          .then(
            (r) => ({ status: r.status, details: r.body.details }),
            (e: Error) => ({ status: e.message, details: undefined }),
          ),
      ),
    );
    expect(answers).toEqual(
      Array(6).fill({
        status: 422,
        details: [{ field: 'parts', message: expect.any(String), code: 'invalid' }],
      }),
    );
    expect(await footageStatus(t, started.body.footageId)).toBe('uploading');
    expect(out.entriesAt('error')).toEqual([]);
  });

  it("logs no error for any client's mistake, and still logs a failure of ours", async () => {
    const mistakes = await Promise.all([
      routes.login('{"email": '),
      routes.login('"just a string"'),
      routes.login(JSON.stringify({ email: 'x'.repeat(300_000) })),
      t.http().post('/api/v1/auth/login').set('Content-Encoding', 'gzip').type('json').send('{}'),
      t.http().post('/web/session').type('form').send('email=a&password=b'),
      t.http().get('/api/v1/incidents/not-a-uuid').set(bearer(nurse)),
      t.http().get('/api/v1/incidents'),
      t.http().get('/api/v1/users').set(bearer(nurse)),
      t.http().get('/nothing/here'),
      t.http().get('/api/v1/incidents/%E0%A4%A').set(bearer(nurse)),
      t.http().get('/api/v1/incidents?limit=1&limit=2').set(bearer(nurse)),
      t.http().get('/api/v1/incidents?status[]=x&from=%ZZ').set(bearer(nurse)),
      t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json; charset')
        .send('{}'),
      t.http().post('/api/v1/auth/login').set('Content-Encoding', 'zip').type('json').send('{}'),
      t.http().post('/api/v1/incidents').set(bearer(nurse)).type('text/plain').send('hello'),
    ]);
    expect(mistakes.map((r) => r.status)).toEqual([
      400, 400, 413, 400, 415, 400, 401, 403, 404, 400, 400, 400, 400, 415, 400,
    ]);
    expect(out.entriesAt('error')).toEqual([]);

    await t.db.query(
      `ALTER TABLE incident_victims ADD CONSTRAINT test_refuse_driver CHECK (role <> 'driver')`,
    );
    try {
      const res = await t
        .http()
        .post('/api/v1/incidents')
        .set(bearer(nurse))
        .send(report({ victims: [{ role: 'driver', injury: 'none' }] }));
      expect(res.status).toBe(500);
      const errors = out.entriesAt('error');
      expect(errors).toEqual([
        expect.objectContaining({ msg: 'request failed', requestId: res.body.requestId }),
      ]);
    } finally {
      await t.db.query(`ALTER TABLE incident_victims DROP CONSTRAINT test_refuse_driver`);
    }
  });
});
