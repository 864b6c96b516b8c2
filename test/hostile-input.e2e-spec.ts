import { captureStdout, CapturedOutput } from './support/captured-output';
import { report } from './support/incidents';
import { bearer, startTestApp, TestApp } from './support/test-app';

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

  const incidentsWith = async (narrative: string) =>
    Number(
      (await t.db.query(`SELECT count(*) AS n FROM incidents WHERE narrative = $1`, [narrative]))[0]
        .n,
    );

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
          details: [{ field: 'body', message: 'is nested deeper than 32 levels' }],
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
      { field: 'body', message: 'is nested deeper than 32 levels' },
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
    expect(res.body.details).toEqual([{ field: 'body', message: 'must be UTF-8 JSON' }]);
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
