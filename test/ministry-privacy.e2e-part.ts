import { routesOf } from '../src/auth/route-access.check';
import { report } from './support/incidents';
import { mp4 } from './support/media';
import { rawBody } from './support/raw-body';
import { bearer, startTestApp, TestApp } from './support/test-app';
import { Month } from '../src/statistics/months';
import { shiftClock } from './support/test-clock';

/**
 * The ministry sees aggregates only: this walks every route of the API as a ministry analyst, with
 * the ids of a real incident, its footage and its people filled in, and checks that no answer
 * carries a name, a narrative, an address, contact details or footage.
 */
describe('ministry privacy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('no endpoint shows the ministry a name, narrative, address or footage', async () => {
    const nurse = await t.login('nurse@demo.medguard.kz');
    const safety = await t.login('safety@demo.medguard.kz');
    const secrets = {
      narrative: 'Zhanna was struck near the triage desk by a man in a grey coat',
      address: 'Tole Bi 1234, entrance 7',
      victim: 'Aigerim Sarsenbayeva-Privacy',
      witnesses: 'Witness Nurlan Privacyuly',
    };
    const filed = await t
      .http()
      .post('/api/v1/incidents')
      .set(bearer(nurse))
      .send(
        report({
          narrative: secrets.narrative,
          witnesses: secrets.witnesses,
          place: { kind: 'ward', address: secrets.address },
          victims: [{ role: 'nurse', injury: 'minor', fullName: secrets.victim }],
        }),
      );
    expect(filed.status).toBe(201);
    const clip = await t
      .http()
      .post('/api/v1/footage')
      .set(bearer(safety))
      .field('incidentId', filed.body.id)
      .attach('file', mp4(8 * 1024), 'privacy.mp4');
    expect(clip.status).toBe(201);
    const people = (await t.db.query(`SELECT id, email, full_name FROM users`)) as Array<{
      id: string;
      email: string;
      full_name: string;
    }>;
    const nurseRow = people.find((p) => p.email === 'nurse@demo.medguard.kz')!;
    const forbidden = [
      ...Object.values(secrets),
      clip.body.sha256 as string,
      'X-Amz-Signature',
      // Everyone's but the analyst's own, which `auth/me` rightly shows them.
      ...people
        .filter((p) => p.email !== 'ministry@demo.medguard.kz')
        .flatMap((p) => [p.email, p.full_name]),
    ];

    const ministry = await t.login('ministry@demo.medguard.kz');
    const month = Month.of(new Date()).toString();
    // A month on, the report's month is closed and open data publishes it too.
    const restore = shiftClock([t.app], 32 * 24 * 3600_000);
    const ids: Record<string, string> = {
      id: filed.body.id,
      footageId: clip.body.id,
      userId: nurseRow.id,
      uploadId: 'none',
    };
    const walked: string[] = [];
    // Signing out ends the walk, since it ends the session.
    const routes = routesOf(t.app).sort(
      (a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')),
    );
    for (const route of routes) {
      const path = route.path.replace(
        /:([A-Za-z]+)/g,
        (_, name: string) => ids[name] ?? filed.body.id,
      );
      const query = path.includes('/stats/monthly')
        ? `month=${month}&groupBy=facility`
        : /stats\/(response-times|open-data)/.test(path)
          ? `month=${month}`
          : path.includes('/stats/trend')
            ? `from=${month}&to=${month}&groupBy=facility`
            : path.includes('/stats/coverage')
              ? `from=${month}&to=${month}`
              : '';
      const method = route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
      const res = await t
        .http()
        [method](`${path}?${query}`)
        .set(bearer(ministry))
        .send(method === 'get' || method === 'delete' ? undefined : {})
        .buffer(true)
        .parse(rawBody);
      const body = (res.body as Buffer).toString('utf8');
      for (const secret of forbidden)
        expect({
          route: `${route.method} ${route.path}`,
          leaks: body.includes(secret) ? secret : null,
        }).toEqual({
          route: `${route.method} ${route.path}`,
          leaks: null,
        });
      // Anything about one incident, its footage or the people is refused outright: by the API
      // with 403, by a page (which reads its session cookie, not a bearer token) with sign-in.
      if (/incidents\/:id|footage|users|alerts|audit/.test(route.path))
        expect({
          route: `${route.method} ${route.path}`,
          refused: route.path.startsWith('/api/')
            ? res.status
            : res.status === 302 && String(res.headers.location).startsWith('/?next='),
        }).toEqual({
          route: `${route.method} ${route.path}`,
          refused: route.path.startsWith('/api/') ? 403 : true,
        });
      walked.push(`${route.method} ${route.path} ${res.status}`);
    }
    restore();
    expect(walked.length).toBeGreaterThan(40);
    expect(walked).toContain('GET /api/v1/stats/open-data.csv 200');
    // The statistics themselves are open to the ministry.
    expect(walked).toContain('GET /api/v1/stats/monthly 200');
    expect(walked).toContain('GET /api/v1/stats/coverage 200');
  });
});
