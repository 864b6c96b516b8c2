import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { routesOf } from '../src/auth/route-access.check';
import { JsonLogger } from '../src/common/json-logger';
import { bearer, startTestApp, TestApp, testConfig } from './support/test-app';

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, SAMPLE_ID);

describe('access declarations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('every route declares who may call it, or is explicitly public', () => {
    const routes = routesOf(t.app);
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => !r.rule)).toEqual([]);
    const publicRoutes = routes.filter((r) => r.rule?.public).map((r) => `${r.method} ${r.path}`);
    expect(publicRoutes.sort()).toEqual([
      'GET /',
      // A text's short link only forwards to the console, which asks for sign-in.
      'GET /a/:code',
      // The account pages send a visitor who is not signed in to sign-in.
      'GET /account',
      'GET /account/mfa',
      'GET /admin',
      'GET /admin/emergencies',
      'GET /admin/posts',
      'GET /admin/rule-sets',
      'GET /admin/users',
      // The key a recipient checks an evidence package's signature with.
      'GET /api/v1/evidence-packages/public-key',
      'GET /api/v1/stats/open-data.csv',
      'GET /facility',
      'GET /facility/devices',
      'GET /facility/staff',
      'GET /health',
      'GET /health/ready',
      'GET /lang/:locale',
      'GET /metrics',
      // The pages check the session themselves, to send visitors to sign in instead of a 401.
      'GET /ministry',
      // A one-time reset link opens here before anyone is signed in.
      'GET /password-reset',
      'GET /police',
      'GET /report',
      'GET /reports/:id',
      // An evidence package's share link: the link is the recipient's only credential.
      'GET /share/evidence/:token',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/password-reset',
      'POST /web/session',
    ]);
  });

  it('never answers 500 to junk bodies or queries on any route', async () => {
    const admin = await t.login('admin@demo.medguard.kz');
    const junkBodies: unknown[] = [
      [],
      [1, 2],
      { a: { b: { c: { d: {} } } } },
      { name: 'x'.repeat(100_000) },
      { id: 'x', regionId: 5, facilityIds: 'nope', lat: '43', staffCount: 1.5, kind: null },
      { email: {}, password: [], role: ['admin'] },
    ];
    for (const route of routesOf(t.app).filter(
      (r) => r.method === 'POST' || r.method === 'PATCH',
    )) {
      for (const body of junkBodies) {
        const method = route.method.toLowerCase() as 'post' | 'patch';
        const res = await t
          .http()
          [method](concrete(route.path))
          .set(bearer(admin))
          .send(body as object);
        expect({ route: route.path, status: res.status < 500 }).toEqual({
          route: route.path,
          status: true,
        });
      }
    }
    for (const query of [
      'limit=abc',
      'limit=100000',
      'limit=-1',
      'cursor=%00',
      'regionId=1',
      'type=x',
      'role=x',
    ]) {
      for (const path of [
        '/api/v1/facilities',
        '/api/v1/units',
        '/api/v1/devices',
        '/api/v1/users',
      ]) {
        const res = await t.http().get(`${path}?${query}`).set(bearer(admin));
        expect({ path, query, status: res.status }).toEqual({
          path,
          query,
          status: expect.any(Number),
        });
        expect(res.status).toBeLessThan(500);
      }
    }
  });

  it('an unknown path is a 404 in the contract format', async () => {
    const res = await t.http().get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});

@Controller('api/v1/forgotten')
class ForgottenController {
  @Get()
  open(): string {
    return 'anyone';
  }
}

@Module({ controllers: [ForgottenController] })
class ForgottenModule {}

describe('start-up check', () => {
  it('refuses to start an app with a route that declares no access rule', async () => {
    const config = testConfig();
    const app = await NestFactory.create(
      { module: ForgottenModule, imports: [AppModule.forRoot(config)] },
      { logger: new JsonLogger('error', 'test'), abortOnError: false },
    );
    await expect(app.init()).rejects.toThrow(/GET \/api\/v1\/forgotten/);
    await app.close();
  });
});
