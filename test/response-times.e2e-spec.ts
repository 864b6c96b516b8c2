import { Month } from '../src/statistics/months';
import { report } from './support/incidents';
import { ALMATY } from './support/statistics';
import { bearer, startTestApp, TestApp } from './support/test-app';

describe('response times', () => {
  let t: TestApp;
  let ministry: string;

  beforeAll(async () => {
    t = await startTestApp();
    ministry = await t.login('ministry@demo.medguard.kz');
  });
  afterAll(() => t.close());

  it('reports acknowledgement times by region from the first acknowledgement of each incident', async () => {
    const nurse = await t.login('nurse@demo.medguard.kz');
    const police = await t.login('police@demo.medguard.kz');
    const filed = await t.http().post('/api/v1/incidents').set(bearer(nurse)).send(report());
    const [alert] = await t.db.query(`SELECT id FROM alerts WHERE incident_id = $1`, [
      filed.body.id,
    ]);
    await t.http().post(`/api/v1/alerts/${alert.id}/ack`).set(bearer(police)).expect(200);
    const month = Month.of(new Date()).toString();
    const res = await t
      .http()
      .get(`/api/v1/stats/response-times?month=${month}&lang=en`)
      .set(bearer(ministry));
    expect(res.status).toBe(200);
    const almaty = res.body.rows.find((r: { key: string }) => r.key === ALMATY);
    expect(almaty.acknowledged).toBe(1);
    expect(almaty.medianSeconds).toBeGreaterThanOrEqual(0);
    expect(almaty.medianSeconds).toBeLessThan(60);
    expect(res.body.overall.acknowledged).toBe(1);
  });
});
